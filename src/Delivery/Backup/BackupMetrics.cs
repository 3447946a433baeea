using System.Globalization;
using System.Text;

namespace Delivery.Backup;

/// <summary>
/// Prometheus textfile metrics (node_exporter's textfile collector format) for the "backup too old" and "restore drill
/// too old" alerts. One file per environment and operation, replaced atomically, so a reader never sees half a file
/// and a failed run leaves the last success's timestamp in place.
/// </summary>
public static class BackupMetrics
{
    public static string Backup(string environment, BackupReport report, DateTimeOffset finished) => Render(environment,
    [
        ("pazpaz_backup_last_success_timestamp_seconds", "gauge", "When the last backup of the database succeeded (Unix time).", $"type=\"{report.Set.Type}\"", finished.ToUnixTimeSeconds()),
        ("pazpaz_backup_duration_seconds", "gauge", "How long the last successful backup took, census and verify included.", $"type=\"{report.Set.Type}\"", Math.Round(report.Elapsed.TotalSeconds, 3)),
        ("pazpaz_backup_database_bytes", "gauge", "The database's size at the last successful backup.", $"type=\"{report.Set.Type}\"", report.Set.DatabaseBytes),
        ("pazpaz_backup_repository_bytes", "gauge", "What the last successful backup added to the repository (compressed, encrypted).", $"type=\"{report.Set.Type}\"", report.Set.RepositoryBytes),
    ]);

    public static string Drill(string environment, DrillReport report, DateTimeOffset finished) => Render(environment,
    [
        ("pazpaz_restore_drill_last_success_timestamp_seconds", "gauge", "When the last restore drill passed (Unix time).", "", finished.ToUnixTimeSeconds()),
        ("pazpaz_restore_drill_restore_seconds", "gauge", "How long the drill's restore of the latest backup took (the measured RTO of the database).", "", Math.Round(report.RestoreTime.TotalSeconds, 3)),
        ("pazpaz_restore_drill_pitr_restore_seconds", "gauge", "How long the drill's point-in-time restore took, WAL replay included.", "", Math.Round(report.PointInTimeRestoreTime.TotalSeconds, 3)),
    ]);

    /// <summary>Writes <paramref name="content"/> to <paramref name="directory"/>/<paramref name="name"/>.prom atomically.</summary>
    public static string WriteTo(string directory, string name, string content) => Metrics.TextfileMetrics.WriteTo(directory, name, content);

    static string Render(string environment, IEnumerable<(string Name, string Type, string Help, string Labels, double Value)> metrics)
    {
        var text = new StringBuilder();
        foreach (var (name, type, help, labels, value) in metrics)
        {
            text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} {type}\n");
            var all = string.Join(',', new[] { $"environment=\"{environment}\"", labels }.Where(l => l.Length > 0));
            text.Append(CultureInfo.InvariantCulture, $"{name}{{{all}}} {value.ToString("R", CultureInfo.InvariantCulture)}\n");
        }
        return text.ToString();
    }
}
