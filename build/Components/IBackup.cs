using BuildEngine;
using Delivery.Audit;
using Delivery.Backup;
using Delivery.Backup.Attachments;
using Delivery.Environments;
using Delivery.Execution;
using Serilog;

/// <summary>
/// Backs up an environment's database on pgBackRest and, when it names a store, its attachments bucket with restic.
/// Audited in the ledger; Prometheus textfile metrics feed the "backup too old" alert.
/// </summary>
interface IBackup : IHazBackups, IDockerBuild
{
    [Parameter("Backup: full, diff or incr (default incr; the schedule is full daily, incr hourly)", Name = "Type")]
    string? BackupType => TryGetValue(() => BackupType);

    [Parameter("Backup: verify every backup and WAL segment in the repository afterwards (default: yes for full backups)", Name = "Verify")]
    bool? VerifyRepository => TryGetValue<bool>(() => VerifyRepository);

    [Parameter("The backup-tools image (restic, rclone) for the attachments backup; default: the one DockerBuild builds for this commit")]
    string? BackupToolsImage => TryGetValue(() => BackupToolsImage);

    Target Backup => _ => _
        .Description("Backs up --environment's database (--type full|diff|incr): archiving check, backup, census of critical tables, optional verify; and its attachments")
        .Requires(() => DeployEnvironment)
        .Executes(async () =>
        {
            var environment = EnvironmentName.Parse(DeployEnvironment);
            var kind = BackupKinds.Parse(BackupType ?? "incr");
            var verify = VerifyRepository ?? kind == BackupKind.Full;
            var report = await AuditedIn(environment).RunAsync(AuditAction.Backup, kind.Option(),
                () => Task.FromResult(new DatabaseBackup(new DatabaseBackupPlanner(BackupSettingsOf(environment)), new ProcessStepRunner()).Backup(kind, verify)),
                r => $"{r.Set.Type} {r.Set.Label}");
            var metrics = Delivery.Metrics.TextfileMetrics.WriteTo(MetricsDirectory, $"backup_{environment.Name}", BackupMetrics.Backup(environment.Name, report, DateTimeOffset.UtcNow));
            var attachments = await BackUpAttachmentsAsync(environment);
            ReportSummary(_ => _
                .AddPair("Environment", environment.Name)
                .AddPair("Backup", $"{report.Set.Label} ({report.Set.Type})")
                .AddPair("Database", $"{report.Set.DatabaseBytes / 1e6:0.0} MB")
                .AddPair("Added to repository", $"{report.Set.RepositoryBytes / 1e6:0.0} MB")
                .AddPair("Census", string.Join(", ", report.Census.Select(c => $"{c.Table} {c.Rows}")))
                .AddPair("Verified", report.Verified ? "yes" : "no (--verify)")
                .AddPair("Took", $"{report.Elapsed.TotalSeconds:0.0} s")
                .AddPair("Attachments", attachments)
                .AddPair("Metrics", metrics));
        });

    async Task<string> BackUpAttachmentsAsync(EnvironmentName environment)
    {
        var settings = AttachmentBackupSettings.For(SettingsOf(environment), () => new SecretSource(RootDirectory, environment).Load(),
            BackupToolsImage ?? ImageVersion.Tags(Images.Single(i => i.Name == "backup-tools"))[0]);
        if (settings is null)
        {
            Log.Information("Attachments: {Environment} names no attachments store (AttachmentsS3Endpoint in .nuke/parameters.{Environment}.json); not backed up", environment.Name);
            return "not configured (AttachmentsS3Endpoint)";
        }
        var outcome = await AuditedIn(environment).RunAsync(AuditAction.Backup, "attachments",
            () => Task.FromResult(new AttachmentBackupRunner(settings, new ProcessStepRunner()).Backup()),
            o => $"attachments {o.SnapshotId} ({o.Manifest.Count} objects)");
        return $"{outcome.Manifest.Count} objects, snapshot {outcome.SnapshotId}, {outcome.Duration.TotalSeconds:0.0} s";
    }
}
