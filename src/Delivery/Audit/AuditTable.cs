using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Delivery.Audit;

/// <summary>The ledger as <c>./build.sh Audit</c> prints it: one line per record, oldest first, then the chain verdict.</summary>
public static class AuditTable
{
    static readonly string[] Header = ["#", "Time (UTC)", "Action", "Deploy", "Digest", "Previous", "Actor", "Detail"];

    public static string Render(IReadOnlyList<AuditEvent> records, LedgerVerification verification)
    {
        var rows = records.Select(r => new[]
        {
            r.Sequence.ToString(CultureInfo.InvariantCulture),
            r.Time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            JsonNamingPolicy.SnakeCaseLower.ConvertName(r.Action.ToString()),
            r.DeployId,
            NotificationText.ShortDigest(r.Digest) ?? "-",
            NotificationText.ShortDigest(r.PreviousDigest) ?? "-",
            r.Actor,
            Detail(r),
        }).ToList();
        var widths = Header.Select((h, i) => rows.Select(row => row[i].Length).Append(h.Length).Max()).ToArray();
        var text = new StringBuilder();
        void Line(string[] cells) => text.AppendLine(string.Join("  ", cells.Select((c, i) => i == cells.Length - 1 ? c : c.PadRight(widths[i]))).TrimEnd());
        if (rows.Count == 0)
            text.AppendLine($"The '{verification.Environment}' ledger has no records.");
        else
        {
            Line(Header);
            foreach (var row in rows)
                Line(row);
        }
        text.Append(verification.IsIntact
            ? $"Chain intact: {verification.Records} record(s) in '{verification.Environment}'."
            : $"Chain BROKEN in '{verification.Environment}' ({verification.Breaks.Count} problem(s) in {verification.Records} record(s)):{System.Environment.NewLine}" +
              string.Join(System.Environment.NewLine, verification.Breaks.Select(b => $"  {b}")));
        return text.ToString();
    }

    static string Detail(AuditEvent r)
    {
        var parts = new List<string>();
        if (r.Phase is { } phase) parts.Add($"phase {phase}");
        if (r.Colour is { } colour) parts.Add(colour);
        if (r.MigrationBefore is not null || r.MigrationAfter is not null) parts.Add($"alembic {r.MigrationBefore ?? "?"}->{r.MigrationAfter ?? "?"}");
        if (r.DurationMs is { } ms) parts.Add(string.Create(CultureInfo.InvariantCulture, $"{ms / 1000.0:0.0}s"));
        if (r.Result is { } result) parts.Add(result);
        if (r.FailureReason is { } reason) parts.Add(reason);
        return parts.Count == 0 ? "" : string.Join(", ", parts);
    }
}
