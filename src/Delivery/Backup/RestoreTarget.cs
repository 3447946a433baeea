using System.Globalization;

namespace Delivery.Backup;

/// <summary>Where a restore goes: the end of the archived WAL (<c>latest</c>), or a moment in time.</summary>
public sealed record RestoreTarget(DateTimeOffset? Time)
{
    public static readonly RestoreTarget Latest = new((DateTimeOffset?)null);

    public static RestoreTarget Parse(string? to)
    {
        if (string.IsNullOrWhiteSpace(to) || to.Trim() == "latest")
            return Latest;
        return DateTimeOffset.TryParse(to, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? new RestoreTarget(time)
            : throw new BackupException($"--to '{to}' is neither 'latest' nor a time. Give a UTC time such as 2026-11-27T09:30:00Z " +
                "(the last moment whose commits you want back; see docs/operations/restore.md).");
    }

    /// <summary>pgBackRest's restore options: the whole archive stream, or up to the time and then a new timeline.</summary>
    public IReadOnlyList<string> Options() => Time is { } time
        ? ["--type=time", $"--target={time.UtcDateTime:yyyy-MM-dd HH:mm:ss.ffffff}+00", "--target-action=promote"]
        : ["--type=default"];

    public override string ToString() => Time is { } time ? time.UtcDateTime.ToString("u", CultureInfo.InvariantCulture) : "latest";
}

/// <summary>
/// A restore replaces an environment's live database, so it must be asked for by name (<c>--confirm &lt;env&gt;</c>),
/// and for prod also with <c>--force</c>. Checked before anything runs.
/// </summary>
public static class RestoreConfirmation
{
    public static void Check(string environment, bool force, string? confirm)
    {
        var missing = new List<string>();
        if (confirm != environment)
            missing.Add($"--confirm {environment}");
        if (environment == "prod" && !force)
            missing.Add("--force");
        if (missing.Count > 0)
            throw new BackupException($"Restore would replace {environment}'s live database with the backup's copy; later writes are lost. " +
                $"Nothing was changed. To proceed, add: {string.Join(" ", missing)} (docs/operations/restore.md). " +
                $"To only prove the backup restores, run ./build.sh RestoreDrill --environment {environment}.");
    }
}
