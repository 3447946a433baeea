using BuildEngine;
using BuildEngine.IO;
using Delivery.Audit;
using Delivery.Backup;
using Delivery.Environments;
using Delivery.Execution;
using Serilog;

/// <summary>
/// Backups and restore drills of an environment's database on pgBackRest (docs/operations/backup.md). Each run is
/// audited in the environment's ledger and leaves Prometheus textfile metrics for the "too old" alerts.
/// </summary>
interface IBackup : IHazDeployment, IHazArtifacts
{
    [Parameter("Backup: full, diff or incr (default incr; the schedule is full daily, incr hourly)", Name = "Type")]
    string? BackupType => TryGetValue(() => BackupType);

    [Parameter("Backup: verify every backup and WAL segment in the repository afterwards (default: yes for full backups)", Name = "Verify")]
    bool? VerifyRepository => TryGetValue<bool>(() => VerifyRepository);

    [Parameter("Where Backup and RestoreDrill write Prometheus textfile metrics (default artifacts/metrics)")]
    AbsolutePath MetricsDirectory => TryGetValue(() => MetricsDirectory) ?? ArtifactsDirectory / "metrics";

    Target Backup => _ => _
        .Description("Backs up --environment's database (--type full|diff|incr): archiving check, backup, census of critical tables, optional verify")
        .Requires(() => DeployEnvironment)
        .Executes(async () =>
        {
            var environment = EnvironmentName.Parse(DeployEnvironment);
            var kind = BackupKinds.Parse(BackupType ?? "incr");
            var verify = VerifyRepository ?? kind == BackupKind.Full;
            var report = await AuditedAsync(environment, AuditAction.Backup, kind.Option(),
                () => new DatabaseBackup(new DatabaseBackupPlanner(BackupSettingsOf(environment)), new ProcessStepRunner()).Backup(kind, verify),
                r => $"{r.Set.Type} {r.Set.Label}");
            var metrics = BackupMetrics.WriteTo(MetricsDirectory, $"backup_{environment.Name}", BackupMetrics.Backup(environment.Name, report, DateTimeOffset.UtcNow));
            ReportSummary(_ => _
                .AddPair("Environment", environment.Name)
                .AddPair("Backup", $"{report.Set.Label} ({report.Set.Type})")
                .AddPair("Database", $"{report.Set.DatabaseBytes / 1e6:0.0} MB")
                .AddPair("Added to repository", $"{report.Set.RepositoryBytes / 1e6:0.0} MB")
                .AddPair("Census", string.Join(", ", report.Census.Select(c => $"{c.Table} {c.Rows}")))
                .AddPair("Verified", report.Verified ? "yes" : "no (--verify)")
                .AddPair("Took", $"{report.Elapsed.TotalSeconds:0.0} s")
                .AddPair("Metrics", metrics));
        });

    Target RestoreDrill => _ => _
        .Description("Restores --environment's latest backup into a scratch copy (no network, memory-backed) and proves it: census equality and a point-in-time canary")
        .Requires(() => DeployEnvironment)
        .Executes(async () =>
        {
            var environment = EnvironmentName.Parse(DeployEnvironment);
            var settings = SettingsOf(environment);
            // The scratch copy reads the repository with the passphrase from the same tmpfs file the deploy writes.
            var files = SecretFiles.Write(new SecretSource(RootDirectory, environment).Load(), SecretFiles.DefaultDirectory(settings.ComposeProject));
            var passphrase = files.GetValueOrDefault(SecretFiles.BackupPassphraseFileVariable)
                ?? throw new BackupException($"{SecretNames.BackupPassphrase} is not set for {environment}: the drill cannot read the repository without it (docs/operations/backup.md).");
            var report = await AuditedAsync(environment, AuditAction.RestoreDrill, "drill",
                () => new DatabaseBackup(new DatabaseBackupPlanner(BackupSettingsOf(environment) with { PassphraseFile = passphrase }), new ProcessStepRunner()).Drill(),
                r => r.Label);
            var metrics = BackupMetrics.WriteTo(MetricsDirectory, $"restore_drill_{environment.Name}", BackupMetrics.Drill(environment.Name, report, DateTimeOffset.UtcNow));
            ReportSummary(_ => _
                .AddPair("Environment", environment.Name)
                .AddPair("Restored", report.Label)
                .AddPair("Restore (RTO)", $"{report.RestoreTime.TotalSeconds:0.0} s")
                .AddPair("Tables equal", string.Join(", ", report.Restored.Select(c => $"{c.Table} {c.Rows}")))
                .AddPair("Point in time", $"{report.Target:u}: A kept, B dropped, {report.PointInTimeRestoreTime.TotalSeconds:0.0} s")
                .AddPair("Metrics", metrics));
        });

    DatabaseBackupSettings BackupSettingsOf(EnvironmentName environment)
    {
        var project = SettingsOf(environment).ComposeProject;
        var container = $"{project}-postgres-1";
        var image = new ProcessStepRunner().Probe(Step.Run("postgres image", "docker", "inspect", "--format", "{{.Config.Image}}", container));
        if (!image.Succeeded)
            throw new BackupException($"{container} is not there: deploy {environment} first (./build.sh DeployStaging), or check DOCKER_HOST.");
        return new DatabaseBackupSettings
        {
            Environment = environment.Name,
            Container = container,
            Image = image.Output.Trim(),
            RepositoryVolume = $"{project}_pgbackrest",
        };
    }

    /// <summary>Runs <paramref name="operation"/> and records its result in the ledger, failure included (then rethrows).</summary>
    async Task<T> AuditedAsync<T>(EnvironmentName environment, AuditAction action, string what, Func<T> operation, Func<T, string> describe)
    {
        var started = DateTimeOffset.UtcNow;
        var auditor = AuditorOf(environment);
        AuditEvent Record(string result, string phase, string? reason) => new()
        {
            DeployId = DeployId.New(), Time = DateTimeOffset.UtcNow, Environment = environment.Name, Action = action, Actor = Actor,
            Phase = phase, Result = result, FailureReason = reason, DurationMs = (long)(DateTimeOffset.UtcNow - started).TotalMilliseconds,
        };
        T outcome;
        try
        {
            outcome = operation();
        }
        catch (Exception e)
        {
            try
            {
                await auditor.RecordAsync(Record("failed", what, e.Message.Length > 300 ? e.Message[..300] : e.Message));
            }
            catch (Exception ledger)
            {
                Log.Error("Could not record the failure in the ledger: {Message}", ledger.Message);
            }
            throw;
        }
        await auditor.RecordAsync(Record("succeeded", describe(outcome), null));
        return outcome;
    }
}
