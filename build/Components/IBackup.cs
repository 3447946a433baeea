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
// IOperateEnvironment: Restore shares its --force, and switches maintenance like it.
interface IBackup : IHazDeployment, IHazArtifacts, IOperateEnvironment, IDockerBuild
{
    [Parameter("Backup: full, diff or incr (default incr; the schedule is full daily, incr hourly)", Name = "Type")]
    string? BackupType => TryGetValue(() => BackupType);

    [Parameter("Backup: verify every backup and WAL segment in the repository afterwards (default: yes for full backups)", Name = "Verify")]
    bool? VerifyRepository => TryGetValue<bool>(() => VerifyRepository);

    [Parameter("Rollback: previous (what was live before the latest deploy's switch; default) or an image reference or sha256 digest. Restore: latest (default) or the UTC time to restore to, e.g. 2026-11-27T09:30:00Z", Name = "To")]
    string? RestoreTo => TryGetValue(() => RestoreTo);

    [Parameter("Restore: the environment's name, typed again to confirm replacing its live database")]
    string? Confirm => TryGetValue(() => Confirm);

    [Parameter("The backup-tools image (restic, rclone) for the attachments backup; default: the one DockerBuild builds for this commit")]
    string? BackupToolsImage => TryGetValue(() => BackupToolsImage);

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
                () => Task.FromResult(new DatabaseBackup(new DatabaseBackupPlanner(BackupSettingsOf(environment)), new ProcessStepRunner()).Backup(kind, verify)),
                r => $"{r.Set.Type} {r.Set.Label}");
            var metrics = BackupMetrics.WriteTo(MetricsDirectory, $"backup_{environment.Name}", BackupMetrics.Backup(environment.Name, report, DateTimeOffset.UtcNow));
            var attachments = await BackUpAttachmentsAsync(environment);
            ReportSummary(_ => _
                .AddPair("Environment", environment.Name)
                .AddPair("Attachments", attachments)
                .AddPair("Backup", $"{report.Set.Label} ({report.Set.Type})")
                .AddPair("Database", $"{report.Set.DatabaseBytes / 1e6:0.0} MB")
                .AddPair("Added to repository", $"{report.Set.RepositoryBytes / 1e6:0.0} MB")
                .AddPair("Census", string.Join(", ", report.Census.Select(c => $"{c.Table} {c.Rows}")))
                .AddPair("Verified", report.Verified ? "yes" : "no (--verify)")
                .AddPair("Took", $"{report.Elapsed.TotalSeconds:0.0} s")
                .AddPair("Metrics", metrics));
        });

    Target Restore => _ => _
        .Description("Replaces --environment's live database with a backup (--to latest|<UTC time>): restored beside it first, the old data kept; needs --confirm <env> (and --force for prod)")
        .Requires(() => DeployEnvironment)
        .Executes(async () =>
        {
            var environment = EnvironmentName.Parse(DeployEnvironment);
            // Asked for by name before anything else runs, secrets included.
            RestoreConfirmation.Check(environment.Name, Force, Confirm);
            var target = RestoreTarget.Parse(RestoreTo);
            var passphrase = PassphraseFileOf(environment);
            var planner = PlannerOf(environment);
            using var probe = new Delivery.Deployment.LoopbackReleaseProbe(TopologyOf(environment));
            var maintenance = new Delivery.Deployment.MaintenanceMode(planner, new ProcessStepRunner(), AuditorOf(environment), probe);
            var operation = DeployId.New();
            var restore = new DatabaseRestore(new DatabaseBackupPlanner(BackupSettingsOf(environment) with { PassphraseFile = passphrase }), new ProcessStepRunner())
            {
                // Users get a 503 with Retry-After instead of errors while the database is swapped.
                Maintenance = on => maintenance.SwitchHoldingLockAsync(on, Actor, operation),
            };
            // Under the deploy lock: a deploy's `compose up` would start the database while it is being swapped.
            var environmentLock = new Delivery.Deployment.EnvironmentLock(planner, new ProcessStepRunner(), AuditorOf(environment));
            await environmentLock.TakeAsync(Actor, operation, TimeSpan.FromHours(2), CancellationToken.None);
            RestoreReport report;
            try
            {
                report = await AuditedAsync(environment, AuditAction.Restore, target.ToString(), () => restore.RestoreAsync(target), r => $"to {r.Target}");
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

    Target RestoreDrill => _ => _
        .Description("Restores --environment's latest backup into a scratch copy (no network, memory-backed) and proves it: census equality and a point-in-time canary")
        .Requires(() => DeployEnvironment)
        .Executes(async () =>
        {
            var environment = EnvironmentName.Parse(DeployEnvironment);
            var passphrase = PassphraseFileOf(environment);
            var report = await AuditedAsync(environment, AuditAction.RestoreDrill, "drill",
                () => Task.FromResult(new DatabaseBackup(new DatabaseBackupPlanner(BackupSettingsOf(environment) with { PassphraseFile = passphrase }), new ProcessStepRunner()).Drill()),
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

    /// <summary>
    /// The attachments bucket into the environment's restic repository (src/Delivery/Backup/Attachments), when its
    /// settings name a store; otherwise says so. Audited like the database backup.
    /// </summary>
    async Task<string> BackUpAttachmentsAsync(EnvironmentName environment)
    {
        var settings = SettingsOf(environment);
        if (settings.AttachmentsS3Endpoint is not { } endpoint)
        {
            Log.Information("Attachments: {Environment} names no attachments store (AttachmentsS3Endpoint in .nuke/parameters.{Environment}.json); not backed up", environment.Name);
            return "not configured (AttachmentsS3Endpoint)";
        }
        var attachments = new Delivery.Backup.Attachments.AttachmentBackupSettings
        {
            Image = BackupToolsImage ?? ImageVersion.Tags(Images.Single(i => i.Name == "backup-tools"))[0],
            Source = new Delivery.Backup.Attachments.S3Remote("attachments", endpoint)
            {
                AccessKeyIdSecret = SecretNames.AttachmentsAccessKeyId, SecretAccessKeySecret = SecretNames.AttachmentsSecretAccessKey,
            },
            Bucket = settings.AttachmentsBucket!,
            Secrets = new SecretSource(RootDirectory, environment).Load(),
            Repository = new Delivery.Backup.Attachments.AttachmentRepository.Volume($"{settings.ComposeProject}_attachments-restic"),
            StagingVolume = $"{settings.ComposeProject}_attachments-staging",
            RestoreVolume = $"{settings.ComposeProject}_attachments-restore",
        }.EnsureValid();
        var outcome = await AuditedAsync(environment, AuditAction.Backup, "attachments",
            () => Task.FromResult(new Delivery.Backup.Attachments.AttachmentBackupRunner(attachments, new ProcessStepRunner()).Backup()),
            o => $"attachments {o.SnapshotId} ({o.Manifest.Count} objects)");
        return $"{outcome.Manifest.Count} objects, snapshot {outcome.SnapshotId}, {outcome.Duration.TotalSeconds:0.0} s";
    }

    /// <summary>A restore reads the repository with the passphrase from the same tmpfs file the deploy writes.</summary>
    string PassphraseFileOf(EnvironmentName environment)
    {
        var files = SecretFiles.Write(new SecretSource(RootDirectory, environment).Load(), SecretFiles.DefaultDirectory(SettingsOf(environment).ComposeProject));
        return files.GetValueOrDefault(SecretFiles.BackupPassphraseFileVariable)
            ?? throw new BackupException($"{SecretNames.BackupPassphrase} is not set for {environment}: a restore cannot read the repository without it (docs/operations/backup.md).");
    }

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
    async Task<T> AuditedAsync<T>(EnvironmentName environment, AuditAction action, string what, Func<Task<T>> operation, Func<T, string> describe)
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
            outcome = await operation();
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
