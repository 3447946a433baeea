using System.Globalization;
using Delivery.Audit;
using Delivery.Execution;
using Serilog;

namespace Delivery.Deployment;

/// <summary>Who holds an environment's lock, read from the lock container's labels.</summary>
public sealed record LockState(string Holder, string DeployId, DateTimeOffset? LeaseUntil)
{
    public bool Expired => LeaseUntil < DateTimeOffset.UtcNow;

    public override string ToString() =>
        $"holder '{Holder}', deploy {DeployId}, lease until {LeaseUntil?.ToString("u", CultureInfo.InvariantCulture) ?? "unknown"}";

    public static LockState Parse(string inspect)
    {
        var parts = inspect.Trim().Split('|');
        DateTimeOffset? until = parts.Length > 2 && long.TryParse(parts[2], CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
        return new LockState(parts.ElementAtOrDefault(0) ?? "", parts.ElementAtOrDefault(1) ?? "", until);
    }
}

/// <summary>
/// An environment's deploy lock: a created, never started container (Docker refuses a second of the same name). Every
/// mutating operation (deploy, rollback, maintenance) holds it; a lock whose lease ran out is broken and audited.
/// </summary>
public sealed class EnvironmentLock(DeploymentPlanner planner, IStepRunner runner, IDeployAuditor auditor)
{
    readonly string _environment = planner.Topology.Environment;

    public LockState? Read() => runner.Probe(planner.InspectLock()) is { Succeeded: true } held ? LockState.Parse(held.Output) : null;

    public async Task TakeAsync(string actor, string deployId, TimeSpan lease, CancellationToken cancellation)
    {
        var holder = new DeployLockHolder(actor, deployId, DateTimeOffset.UtcNow + lease);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                runner.Run(planner.Lock(holder));
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                var held = Read() ?? throw new DeploymentException($"Could not take the {_environment} deploy lock: {e.Message}");
                if (!held.Expired || attempt > 0)
                    throw new DeploymentException($"{_environment} is locked by another deploy: {held}. Wait for it to finish; if it died, " +
                        $"the lock expires with its lease, or run ./build.sh Unlock --environment {_environment} --force (audited).");
                Log.Warning("Breaking the {Environment} lock, whose lease ran out: {Lock}", _environment, held);
                await BreakAsync(actor, deployId, "lease expired: " + held, cancellation);
            }
        }
    }

    /// <summary>Removes the lock after recording who broke whose and why (the record comes first: no record, no break).</summary>
    public async Task BreakAsync(string actor, string deployId, string reason, CancellationToken cancellation)
    {
        await auditor.RecordAsync(new AuditEvent
        {
            DeployId = deployId, Time = DateTimeOffset.UtcNow, Environment = _environment, Action = AuditAction.LockBroken,
            Actor = actor, FailureReason = reason,
        }, cancellation);
        runner.Run(planner.Unlock());
    }
}
