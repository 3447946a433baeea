namespace Delivery.Backup;

/// <summary>pgBackRest's backup types: full; diff (changes since the last full); incr (changes since the last backup of any type).</summary>
public enum BackupKind
{
    Full,
    Diff,
    Incr,
}

public static class BackupKinds
{
    public static string Option(this BackupKind kind) => kind.ToString().ToLowerInvariant();

    public static BackupKind Parse(string value) => value.Trim().ToLowerInvariant() switch
    {
        "full" => BackupKind.Full,
        "diff" => BackupKind.Diff,
        "incr" => BackupKind.Incr,
        _ => throw new BackupException($"Unknown backup type '{value}'. Use --type full, diff or incr (full weekly, diff daily, incr hourly is the schedule in docs/operations/backup.md)."),
    };
}

public sealed class BackupException(string message) : Exception(message);
