using System.Globalization;
using System.Text;

namespace Delivery.Scanning.Gate;

/// <summary>The summary at the end of Scan: one row per scanner, then the findings that decide the verdict.</summary>
public static class ScanSummaryTable
{
    public static string Render(ScanVerdict verdict)
    {
        var rows = verdict.Rows;
        var width = Math.Max(rows.Select(r => r.Scanner.Length).DefaultIfEmpty(0).Max(), 7) + 2;
        var text = new StringBuilder();
        var header = $"{"Scanner".PadRight(width)}{"Status",-15}{"Critical",9}{"High",6}{"Medium",8}{"Low",5}{"Unknown",9}{"Waived",8}{"Blocking",10}";
        text.AppendLine(header).AppendLine(new string('─', header.Length));
        foreach (var row in rows)
            text.AppendLine(Row(row, width));
        text.AppendLine(new string('─', header.Length));
        text.AppendLine(CultureInfo.InvariantCulture, $"Gate: {verdict.Settings}; policy and secret findings always block.");

        Section(text, "Blocking", verdict.Blocking.Select(b => $"{b.Finding} — {b.Why}"));
        Section(text, "Failed scanners", verdict.FailedScanners.Select(r => $"{r.Scanner}: {Indent(r.Detail)}"));
        Section(text, $"{verdict.IgnoreFile} problems", [
            .. verdict.IgnoreErrors.Select(e => e.ToString()),
            .. verdict.ExpiredEntries.Select(e => $"{verdict.IgnoreFile}:{e.Line}: '{e.Id}' expired on {e.Expiry}; fix the finding, or renew the entry with a new exp: and reason"),
        ]);
        Section(text, "Not blocking: at or above fail-on, but no fix exists yet",
            verdict.Reported.Where(r => r.Finding.Kind == FindingKind.Vulnerability && !r.Finding.HasFix && verdict.Settings.FailOn is { } failOn && r.Finding.Severity >= failOn)
                .Select(r => r.Finding.ToString()));
        Section(text, "Waived", verdict.Waived.Select(w => $"{w.Finding} — {w.Why}"));
        Section(text, "Warnings", verdict.Warnings);

        var hidden = verdict.Findings.Count(f => f.Outcome == FindingOutcome.BelowThreshold);
        if (hidden > 0)
            text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"{hidden} finding(s) below {ScanGateSettings.SeverityParameter} {verdict.Settings.ReportFrom.ToString().ToLowerInvariant()} are counted above, not listed.");
        text.AppendLine().Append(verdict.Passed
            ? "Verdict: passed."
            : $"Verdict: FAILED ({verdict.Failures.Count} reason{(verdict.Failures.Count == 1 ? "" : "s")}).");
        return text.ToString();
    }

    static string Row(ScannerRow row, int width)
    {
        var status = row.Status switch
        {
            ScannerStatus.Ran => "ran",
            ScannerStatus.NotAvailable => "not available",
            _ => "FAILED",
        };
        var counts = row.Status == ScannerStatus.Ran
            ? string.Create(CultureInfo.InvariantCulture,
                $"{row.BySeverity[Severity.Critical],9}{row.BySeverity[Severity.High],6}{row.BySeverity[Severity.Medium],8}{row.BySeverity[Severity.Low],5}{row.BySeverity[Severity.Unknown],9}{row.Waived,8}{row.Blocking,10}")
            : $"{"-",9}{"-",6}{"-",8}{"-",5}{"-",9}{"-",8}{"-",10}";
        var note = row.Status == ScannerStatus.NotAvailable ? $"  {row.Detail}" : "";
        return $"{row.Scanner.PadRight(width)}{status,-15}{counts}{note}";
    }

    static void Section(StringBuilder text, string title, IEnumerable<string> lines)
    {
        var list = lines.ToList();
        if (list.Count == 0)
            return;
        text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"{title} ({list.Count}):");
        foreach (var line in list)
            text.AppendLine(CultureInfo.InvariantCulture, $"  {line}");
    }

    static string Indent(string text) => text.Replace("\n", "\n    ", StringComparison.Ordinal);
}
