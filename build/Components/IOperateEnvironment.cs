using BuildEngine;
using Delivery.Deployment;
using Delivery.Environments;
using Delivery.Execution;
using Serilog;

/// <summary>The environment operations a person runs by hand: maintenance mode and breaking a stuck lock. Both are audited.</summary>
interface IOperateEnvironment : IHazDeployment
{
    [Parameter("Maintenance: on or off")]
    string? Mode => TryGetValue(() => Mode);

    [Parameter("Unlock even though the lock's lease has not run out (the holder may still be deploying); Rollback across a contract migration; Restore of prod")]
    bool Force => TryGetValue<bool>(() => Force) ?? false;

    Target Maintenance => _ => _
        .Description("Switches --environment's edge to maintenance (--mode on: 503 with Retry-After, health stays 200) or back (--mode off)")
        .Requires(() => DeployEnvironment)
        .Requires(() => Mode)
        .Executes(async () =>
        {
            var environment = EnvironmentName.Parse(DeployEnvironment);
            var on = Mode switch
            {
                "on" => true,
                "off" => false,
                _ => throw new DeploymentException($"--mode '{Mode}' is neither on nor off."),
            };
            using var probe = new LoopbackReleaseProbe(TopologyOf(environment));
            await new MaintenanceMode(PlannerOf(environment), new ProcessStepRunner(), AuditorOf(environment), probe).SwitchAsync(on, Actor);
            ReportSummary(_ => _.AddPair("Environment", environment.Name).AddPair("Maintenance", on ? "on" : "off"));
        });

    Target Unlock => _ => _
        .Description("Breaks --environment's deploy lock (audited): refused while its lease runs unless --force")
        .Requires(() => DeployEnvironment)
        .Executes(async () =>
        {
            var environment = EnvironmentName.Parse(DeployEnvironment);
            var planner = PlannerOf(environment);
            var runner = new ProcessStepRunner();
            var lockState = new EnvironmentLock(planner, runner, AuditorOf(environment));
            var held = lockState.Read();
            if (held is null)
            {
                Log.Information("{Environment} is not locked", environment);
                return;
            }
            if (!held.Expired && !Force)
                throw new DeploymentException($"{environment} is locked by {held} and its lease has not run out: a deploy may still be running. " +
                    $"Check with the holder; to break it anyway: ./build.sh Unlock --environment {environment} --force");
            await lockState.BreakAsync(Actor, Delivery.Audit.DeployId.New(), $"unlocked by hand{(Force ? " (--force)" : "")}: {held}", CancellationToken.None);
            ReportSummary(_ => _.AddPair("Environment", environment.Name).AddPair("Broken", held.ToString()));
        });
}
