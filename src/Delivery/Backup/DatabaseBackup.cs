using System.Diagnostics;
using Delivery.Execution;
using Serilog;

namespace Delivery.Backup;

/// <summary>What a backup produced: the set, the census recorded in it, whether the repository verified.</summary>
public sealed record BackupReport(BackupSet Set, string RestorePoint, IReadOnlyList<TableCount> Census, bool Verified, TimeSpan Elapsed);

/// <summary>What a drill proved: the restored tables equal the backup's census, and a point-in-time restore kept A and dropped B.</summary>
public sealed record DrillReport(string Label, IReadOnlyList<TableCount> Restored, TimeSpan RestoreTime, TimeSpan PointInTimeRestoreTime, DateTimeOffset Target);

/// <summary>
/// Backups and restore drills of one environment's database on pgBackRest. Plans come from
/// <see cref="DatabaseBackupPlanner"/>; this class runs them in order and checks what they report.
/// </summary>
public sealed class DatabaseBackup(DatabaseBackupPlanner planner, IStepRunner runner)
{
    const string RestorePointAnnotation = "census.point";
    readonly DatabaseBackupSettings _settings = planner.Settings;

    /// <summary>
    /// Prepare (stanza, archiving check), back up, take the census at a named restore point, annotate the set with it,
    /// and optionally verify the whole repository. pgBackRest expires old backups only after a backup succeeds, and an
    /// interrupted backup is never listed as a set, so the last good one always stays.
    /// </summary>
    public BackupReport Backup(BackupKind kind, bool verify)
    {
        var stopwatch = Stopwatch.StartNew();
        EnsureConfigured();
        runner.Run(planner.Prepare());
        var before = Sets().Select(s => s.Label).ToHashSet();
        runner.Run(planner.Backup(kind));
        var set = Sets().LastOrDefault(s => !before.Contains(s.Label))
            ?? throw new BackupException($"pgBackRest reported success, but no new backup is listed in the {_settings.Environment} repository. Check: docker exec {_settings.Container} pgbackrest --stanza={_settings.Stanza} info");

        var point = DatabaseBackupPlanner.RestorePointFor(DateTimeOffset.UtcNow);
        var census = Census(runner.Probe(planner.Census(point)), "the census of the live database");
        runner.Run(planner.ArchiveNow());
        runner.Run(planner.Annotate(set.Label, new Dictionary<string, string>(TableCensus.Annotations(census)) { [RestorePointAnnotation] = point }));
        if (verify)
            Verify();
        var annotated = Sets().Single(s => s.Label == set.Label);
        Log.Information("Backup {Label} ({Type}): {Size:0.0} MB database, {Repository:0.0} MB added to the repository; census at {Point}",
            set.Label, set.Type, set.DatabaseBytes / 1e6, set.RepositoryBytes / 1e6, point);
        return new BackupReport(annotated, point, census, verify, stopwatch.Elapsed);
    }

    /// <summary>
    /// Restores the latest backup with a census to its restore point in a scratch copy and compares every critical
    /// table with the census; then writes canary A, notes the time, writes canary B, and restores to that time: A must
    /// be there and B must not. Scratch copies are always removed.
    /// </summary>
    public DrillReport Drill()
    {
        EnsureConfigured();
        var set = Sets().LastOrDefault(s => s.Annotations.ContainsKey(RestorePointAnnotation))
            ?? throw new BackupException($"The {_settings.Environment} repository has no backup with a census to drill against. Run ./build.sh Backup --environment {_settings.Environment} first.");
        var recorded = TableCensus.FromAnnotations(set.Annotations);

        var stamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var (restored, restoreTime) = InScratch($"pazpaz-{_settings.Environment}-drill-{stamp}",
            ["--set=" + set.Label, "--type=name", "--target=" + set.Annotations[RestorePointAnnotation], "--target-action=promote"],
            name => Census(runner.Probe(planner.CensusIn(name)), "the census of the restored copy"));
        var differences = TableCensus.Differences(recorded, restored);
        if (differences.Count > 0)
            throw new BackupException($"Restore drill: backup {set.Label} restored, but it does not hold what was recorded at the backup: {string.Join("; ", differences)}. " +
                "Do not rely on this backup; take a full backup and investigate (docs/operations/restore-drill.md).");
        Log.Information("Drill: backup {Label} restored in {Seconds:0.0} s; {Tables} critical tables equal to the census", set.Label, restoreTime.TotalSeconds, restored.Count);

        var (before, after) = ($"drill-{stamp}-a", $"drill-{stamp}-b");
        var target = WriteCanary(before);
        WriteCanary(after);
        runner.Run(planner.ArchiveNow());
        var (kept, pitrTime) = InScratch($"pazpaz-{_settings.Environment}-pitr-{stamp}",
            ["--type=time", $"--target={target:yyyy-MM-dd HH:mm:ss.ffffff}+00", "--target-action=promote"],
            name => Probe(planner.ScratchCanaries(name), "the canaries in the restored copy").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        if (!kept.Contains(before) || kept.Contains(after))
            throw new BackupException($"Point-in-time drill to {target:u}: canary A (written before) is {(kept.Contains(before) ? "present" : "MISSING")}, " +
                $"canary B (written after) is {(kept.Contains(after) ? "PRESENT" : "absent")}. WAL archiving or the recovery target is broken (docs/operations/restore-drill.md).");
        Log.Information("Drill: point-in-time restore to {Target:u} in {Seconds:0.0} s kept the canary before it and dropped the one after", target, pitrTime.TotalSeconds);
        return new DrillReport(set.Label, restored, restoreTime, pitrTime, target);
    }

    /// <summary>
    /// Restores the latest backup and every WAL segment archived since into a scratch copy: what a restore gets after
    /// the live data is lost. Returns the canaries (<see cref="WriteCanary"/>) the copy kept, to measure the RPO.
    /// </summary>
    public (IReadOnlyList<string> Canaries, TimeSpan RestoreTime) RecoverCanariesFromArchive() =>
        InScratch($"pazpaz-{_settings.Environment}-recover-{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}", ["--type=default"],
            name => (IReadOnlyList<string>)Probe(planner.ScratchCanaries(name), "the canaries in the restored copy").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>Writes a canary row in the live database and returns the server's time of its commit.</summary>
    public DateTimeOffset WriteCanary(string token)
    {
        var at = Probe(planner.Canary(token), $"canary {token}").Trim();
        return DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Fails naming every invalid backup or WAL range; pgBackRest itself reports them with a zero exit.</summary>
    public string Verify()
    {
        var answer = runner.Probe(planner.Verify());
        var report = answer.Output.Trim();
        if (!answer.Succeeded || !report.Split('\n').Any(line => line.Trim() == "status: ok"))
            throw new BackupException($"pgBackRest verify found the {_settings.Environment} repository damaged (exit {answer.ExitCode}):\n{report}\n" +
                "A backup named invalid cannot be restored. Take a full backup now (./build.sh Backup --type full), then find the cause (docs/operations/backup.md#verify-fails).");
        Log.Information("Verify: every backup and WAL segment in the {Environment} repository checks out", _settings.Environment);
        return report;
    }

    public IReadOnlyList<BackupSet> Sets() => BackupSet.Parse(Probe(planner.Info(), "the repository's backup list"), _settings.Stanza);

    (T Result, TimeSpan Restore) InScratch<T>(string name, IReadOnlyList<string> restoreOptions, Func<string, T> inspect)
    {
        var stopwatch = Stopwatch.StartNew();
        try
        {
            runner.Run(planner.StartScratch(name, restoreOptions));
            RestoredCopy.WaitPromoted(planner, runner, name);
            var restore = stopwatch.Elapsed;
            return (inspect(name), restore);
        }
        catch (Exception e) when (e is not BackupException)
        {
            var logs = runner.Probe(Step.Run("scratch logs", "docker", "logs", "--tail", "20", name));
            throw new BackupException($"The scratch restore {name} failed: {e.Message}. Its last log lines:\n{logs.Output}");
        }
        finally
        {
            runner.TryRun(planner.RemoveScratch(name));
        }
    }

    IReadOnlyList<TableCount> Census(StepResult answer, string what)
    {
        if (!answer.Succeeded)
            throw new BackupException($"Could not take {what} (exit {answer.ExitCode}): {answer.Output.Trim()}");
        var counts = TableCensus.Parse(answer.Output).Where(c => c.Table != "restore_point").ToList();
        var missing = _settings.CriticalTables.Except(counts.Select(c => c.Table)).ToList();
        return missing.Count == 0 ? counts : throw new BackupException($"{what} did not report {string.Join(", ", missing)}: {answer.Output.Trim()}");
    }

    string Probe(Step step, string what)
    {
        var answer = runner.Probe(step);
        return answer.Succeeded ? answer.Output : throw new BackupException($"Could not read {what} (exit {answer.ExitCode}): {answer.Output.Trim()}");
    }

    void EnsureConfigured()
    {
        if (!runner.Probe(planner.Configured()).Succeeded)
            throw new BackupException($"Backups are not configured in {_settings.Container}: it is not running, or it has no pgBackRest configuration. " +
                "Give the postgres service PAZPAZ_BACKUP_PASSPHRASE_FILE (a file secret holding the repository passphrase) and recreate it; see docs/operations/backup.md.");
    }
}
