using BuildEngine;
using Delivery.Audit;
using Delivery.Backup;
using Delivery.Deployment;
using Delivery.Environments;
using Delivery.Execution;
using Serilog;

/// <summary>
/// Replaces an environment's live database with a backup (docs/operations/restore.md): asked for by name first,
/// restored beside the live one, swapped in under the deploy lock and maintenance, the previous data kept.
/// </summary>
// IOperateEnvironment: Restore shares its --force.
interface IRestore : IHazBackups, IOperateEnvironment
{
    [Parameter("Rollback: previous (what was live before the latest deploy's switch; default) or an image reference or sha256 digest. Restore: latest (default) or the UTC time to restore to, e.g. 2026-11-27T09:30:00Z", Name = "To")]
    string? RestoreTo => TryGetValue(() => RestoreTo);

    [Parameter("Restore: the environment's name, typed again to confirm replacing its live database")]
    string? Confirm => TryGetValue(() => Confirm);

    Target Restore => _ => _
        .Description("Replaces --environment's live database with a backup (--to latest|<UTC time>): restored beside it first, the old data kept; needs --confirm <env> (and --force for prod)")
        .Requires(() => DeployEnvironment)
        .Executes(async () =>
        {
            var environment = EnvironmentName.Parse(DeployEnvironment);
            // Asked for by name before anything else runs, secrets included.
            RestoreConfirmation.Check(environment.Name, Force, Confirm);
            var target = RestoreTarget.Parse(RestoreTo);
            var planner = PlannerOf(environment);
            using var probe = new LoopbackReleaseProbe(TopologyOf(environment));
            var maintenance = new MaintenanceMode(planner, new ProcessStepRunner(), AuditorOf(environment), probe);
            var operation = DeployId.New();
            var restore = new DatabaseRestore(new DatabaseBackupPlanner(RestoreSettingsOf(environment)), new ProcessStepRunner())
            {
                // Users get a 503 with Retry-After instead of errors while the database is swapped.
                Maintenance = on => maintenance.SwitchHoldingLockAsync(on, Actor, operation),
            };
            // Under the deploy lock: a deploy's `compose up` would start the database while it is being swapped.
            var environmentLock = new EnvironmentLock(planner, new ProcessStepRunner(), AuditorOf(environment));
            await environmentLock.TakeAsync(Actor, operation, TimeSpan.FromHours(2), CancellationToken.None);
            RestoreReport report;
            try
            {
                report = await AuditedIn(environment).RunAsync(AuditAction.Restore, target.ToString(), () => restore.RestoreAsync(target), r => $"to {r.Target}");
            }
            finally
            {
                new ProcessStepRunner().Run(planner.Unlock());
            }
            Log.Warning("The restored database is on a new timeline: take a full backup now (./build.sh Backup --environment {Environment} --type full). " +
                "Remove the kept previous data when you are satisfied: docker volume rm {Kept}", environment.Name, report.KeptVolume);
            ReportSummary(_ => _
                .AddPair("Environment", environment.Name)
                .AddPair("Restored to", report.Target.ToString())
                .AddPair("Tables", string.Join(", ", report.Census.Select(c => $"{c.Table} {c.Rows}")))
                .AddPair("Restore", $"{report.RestoreTime.TotalSeconds:0.0} s (while the old database served)")
                .AddPair("Database down", $"{report.Downtime.TotalSeconds:0.0} s")
                .AddPair("Previous data kept in", report.KeptVolume));
        });
}
