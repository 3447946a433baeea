namespace Delivery.Backup;

/// <summary>
/// Prometheus textfile metrics (node_exporter's textfile collector format) for the "backup too old" and "restore drill
/// too old" alerts. One file per environment and operation, replaced atomically, so a reader never sees half a file
/// and a failed run leaves the last success's timestamp in place.
/// </summary>
public static class BackupMetrics
{
    public static string Backup(string environment, BackupReport report, DateTimeOffset finished) => Metrics.TextfileMetrics.Render(environment,
    [
        ("pazpaz_backup_last_success_timestamp_seconds", "gauge", "When the last backup of the database succeeded (Unix time).", $"type=\"{report.Set.Type}\"", finished.ToUnixTimeSeconds()),
        ("pazpaz_backup_duration_seconds", "gauge", "How long the last successful backup took, census and verify included.", $"type=\"{report.Set.Type}\"", Math.Round(report.Elapsed.TotalSeconds, 3)),
        ("pazpaz_backup_database_bytes", "gauge", "The database's size at the last successful backup.", $"type=\"{report.Set.Type}\"", report.Set.DatabaseBytes),
        ("pazpaz_backup_repository_bytes", "gauge", "What the last successful backup added to the repository (compressed, encrypted).", $"type=\"{report.Set.Type}\"", report.Set.RepositoryBytes),
    ]);

    public static string Drill(string environment, DrillReport report, DateTimeOffset finished) => Metrics.TextfileMetrics.Render(environment,
    [
        ("pazpaz_restore_drill_last_success_timestamp_seconds", "gauge", "When the last restore drill passed (Unix time).", "", finished.ToUnixTimeSeconds()),
        ("pazpaz_restore_drill_restore_seconds", "gauge", "How long the drill's restore of the latest backup took (the measured RTO of the database).", "", Math.Round(report.RestoreTime.TotalSeconds, 3)),
        ("pazpaz_restore_drill_pitr_restore_seconds", "gauge", "How long the drill's point-in-time restore took, WAL replay included.", "", Math.Round(report.PointInTimeRestoreTime.TotalSeconds, 3)),
    ]);
}
