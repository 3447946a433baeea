namespace Delivery.Backup.Attachments;

/// <summary>
/// Which attachment snapshots <c>restic forget</c> keeps: 35 daily, 12 weekly and 12 monthly by default, the same
/// horizon as the database's offsite retention (anchors-hardening.md A.4).
/// </summary>
public sealed record KeepPolicy(int Daily = 35, int Weekly = 12, int Monthly = 12)
{
    public static KeepPolicy Default { get; } = new();

    public IReadOnlyList<string> Arguments =>
    [
        .. Daily > 0 ? new[] { "--keep-daily", Daily.ToString(System.Globalization.CultureInfo.InvariantCulture) } : [],
        .. Weekly > 0 ? new[] { "--keep-weekly", Weekly.ToString(System.Globalization.CultureInfo.InvariantCulture) } : [],
        .. Monthly > 0 ? new[] { "--keep-monthly", Monthly.ToString(System.Globalization.CultureInfo.InvariantCulture) } : [],
    ];

    public IEnumerable<string> Problems()
    {
        if (Daily < 0 || Weekly < 0 || Monthly < 0)
            yield return $"AttachmentKeep: counts must not be negative (daily {Daily}, weekly {Weekly}, monthly {Monthly}).";
        else if (Daily + Weekly + Monthly == 0)
            yield return "AttachmentKeep: keeps nothing (daily, weekly and monthly are all 0); restic would refuse to forget. Keep at least one daily snapshot.";
    }

    public override string ToString() => $"{Daily} daily, {Weekly} weekly, {Monthly} monthly";
}
