using System.Diagnostics;
using Delivery.Backup;

namespace Delivery.Benchmarks;

public sealed record BackupBenchmarkSettings
{
    /// <summary>Size of the generated database (issue #7: 1 GB).</summary>
    public long DatabaseBytes { get; init; } = 1_000_000_000;

    /// <summary>Share of the appointments changed before the incremental backup.</summary>
    public int ChangePercent { get; init; } = 5;

    /// <summary>
    /// How long canaries are written, one a second, before the loss: longer than archive_timeout (60 s), so the RPO is
    /// measured against a full archiving cycle rather than against a quiet start.
    /// </summary>
    public TimeSpan RpoWindow { get; init; } = TimeSpan.FromSeconds(75);
}

/// <summary>
/// Issue #7's backup benchmark on a generated database: a full backup, an incremental after a partial change, a
/// restore drill, and the RPO as the data written just before a simulated loss that a restore from the repository recovers.
/// </summary>
public sealed class BackupBenchmark(BackupBenchmarkDatabase database, BackupBenchmarkSettings settings)
{
    public BackupBenchmarkResult Run(Action<string> progress)
    {
        database.Start();
        progress($"Generating a {settings.DatabaseBytes / 1e9:0.0} GB database ...");
        var generate = Stopwatch.StartNew();
        var size = database.FillTo(settings.DatabaseBytes, progress);
        progress($"Generated {size / 1e6:0} MB in {generate.Elapsed.TotalSeconds:0} s");

        var backup = database.Backup;
        progress("Full backup ...");
        var full = backup.Backup(BackupKind.Full, verify: false);
        progress($"Full backup {full.Set.Label}: {full.Elapsed.TotalSeconds:0.0} s");

        database.ChangeNewest(settings.ChangePercent);
        progress($"Changed the newest {settings.ChangePercent} % of appointments; incremental backup ...");
        var incremental = backup.Backup(BackupKind.Incr, verify: false);

        progress("Verify ...");
        var verify = Stopwatch.StartNew();
        backup.Verify();
        var verified = verify.Elapsed;

        progress("Restore drill ...");
        var drill = Stopwatch.StartNew();
        var drilled = backup.Drill();
        var drillTime = drill.Elapsed;

        var rpo = MeasureRpo(backup, progress);
        return new BackupBenchmarkResult(size, full, incremental, verified, drilled, drillTime, rpo, settings);
    }

    /// <summary>
    /// Writes a canary a second, loses the server (SIGKILL, and its data is treated as gone), recovers from the
    /// repository alone, and reports the distance from the loss back to the newest canary the recovery kept.
    /// </summary>
    RpoMeasurement MeasureRpo(DatabaseBackup backup, Action<string> progress)
    {
        progress($"RPO: writing a canary a second for {settings.RpoWindow.TotalSeconds:0} s, then losing the server ...");
        var written = new List<(string Token, DateTimeOffset At)>();
        var window = Stopwatch.StartNew();
        for (var i = 0; window.Elapsed < settings.RpoWindow; i++)
        {
            var token = $"rpo-{i:D4}";
            written.Add((token, backup.WriteCanary(token)));
            Thread.Sleep(TimeSpan.FromSeconds(1));
        }
        var lostAt = written[^1].At;
        database.Lose();
        progress("Recovering from the repository alone ...");
        var (kept, restoreTime) = backup.RecoverCanariesFromArchive();
        var recovered = written.Where(w => kept.Contains(w.Token)).ToList();
        return new RpoMeasurement(written.Count, recovered.Count, recovered.Count == 0 ? null : lostAt - recovered[^1].At, settings.RpoWindow, restoreTime);
    }
}

/// <summary>
/// Canaries written before the loss and how many came back; <see cref="DataLost"/> is from the newest written to the
/// newest recovered (null when none came back, so the loss is at least the whole window).
/// </summary>
public sealed record RpoMeasurement(int Written, int Recovered, TimeSpan? DataLost, TimeSpan Window, TimeSpan RecoveryRestoreTime);
