using BuildEngine;
using Delivery.Audit;
using Delivery.Backup;
using Delivery.Environments;
using Delivery.Execution;

/// <summary>Proves the latest backup restores (docs/operations/restore-drill.md); never touches the live database.</summary>
interface IRestoreDrill : IHazBackups
{
    Target RestoreDrill => _ => _
        .Description("Restores --environment's latest backup into a scratch copy (no network, memory-backed) and proves it: census equality and a point-in-time canary")
        .Requires(() => DeployEnvironment)
        .Executes(async () =>
        {
            var environment = EnvironmentName.Parse(DeployEnvironment);
            var settings = RestoreSettingsOf(environment);
            var report = await AuditedIn(environment).RunAsync(AuditAction.RestoreDrill, "drill",
                () => Task.FromResult(new DatabaseBackup(new DatabaseBackupPlanner(settings), new ProcessStepRunner()).Drill()),
                r => r.Label);
            var metrics = Delivery.Metrics.TextfileMetrics.WriteTo(MetricsDirectory, $"restore_drill_{environment.Name}", BackupMetrics.Drill(environment.Name, report, DateTimeOffset.UtcNow));
            ReportSummary(_ => _
                .AddPair("Environment", environment.Name)
                .AddPair("Restored", report.Label)
                .AddPair("Restore (RTO)", $"{report.RestoreTime.TotalSeconds:0.0} s")
                .AddPair("Tables equal", string.Join(", ", report.Restored.Select(c => $"{c.Table} {c.Rows}")))
                .AddPair("Point in time", $"{report.Target:u}: A kept, B dropped, {report.PointInTimeRestoreTime.TotalSeconds:0.0} s")
                .AddPair("Metrics", metrics));
        });
}
