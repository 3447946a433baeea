using System.Globalization;
using System.Text;
using Delivery.Backup;

namespace Delivery.Benchmarks;

/// <summary>What the backup benchmark measured, judged against issue #7's goals.</summary>
public sealed record BackupBenchmarkResult(
    long DatabaseBytes, BackupReport Full, BackupReport Incremental, TimeSpan Verify, DrillReport Drill, TimeSpan DrillTime, RpoMeasurement Rpo,
    BackupBenchmarkSettings Settings)
{
    public static readonly TimeSpan FullBackupGoal = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan DrillGoal = TimeSpan.FromSeconds(120);

    /// <summary>The RPO the configuration promises: archive_timeout forces a WAL segment out at least once a minute.</summary>
    public static readonly TimeSpan RpoBound = TimeSpan.FromSeconds(60);

    public bool Passed => Full.Elapsed <= FullBackupGoal && DrillTime <= DrillGoal && Rpo.DataLost is { } lost && lost <= RpoBound + TimeSpan.FromSeconds(5);

    public string Render()
    {
        static string S(TimeSpan t) => string.Create(CultureInfo.InvariantCulture, $"{t.TotalSeconds:0.0} s");
        static string Mb(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e6:0} MB");
        List<string[]> rows =
        [
            ["Measure", "Observed", "Goal", ""],
            ["Database", Mb(DatabaseBytes), "1 GB", ""],
            ["Full backup (with census)", S(Full.Elapsed), S(FullBackupGoal), Verdict(Full.Elapsed <= FullBackupGoal)],
            ["  stored in the repository", Mb(Full.Set.RepositoryBytes), "", ""],
            [$"Incremental after {Settings.ChangePercent} % change", S(Incremental.Elapsed), "", ""],
            ["  stored in the repository", Mb(Incremental.Set.RepositoryBytes), "", ""],
            ["Verify (whole repository)", S(Verify), "", ""],
            ["Restore drill (restore, census, PITR)", S(DrillTime), S(DrillGoal), Verdict(DrillTime <= DrillGoal)],
            ["  restore of the latest backup", S(Drill.RestoreTime), "", ""],
            ["  point-in-time restore", S(Drill.PointInTimeRestoreTime), "", ""],
            ["RPO: data lost at a simulated loss", Rpo.DataLost is { } lost ? S(lost) : $"> {S(Rpo.Window)} (nothing recovered)", $"<= {S(RpoBound)}",
                Verdict(Rpo.DataLost is { } l && l <= RpoBound + TimeSpan.FromSeconds(5))],
            ["  canaries recovered", $"{Rpo.Recovered} of {Rpo.Written}", "", ""],
            ["  restore from the repository alone", S(Rpo.RecoveryRestoreTime), "", ""],
        ];
        var widths = Enumerable.Range(0, 4).Select(c => rows.Max(r => r[c].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in rows)
            text.AppendLine(string.Join("  ", row.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd());
        return text.ToString();
    }

    static string Verdict(bool met) => met ? "met" : "MISSED";
}
