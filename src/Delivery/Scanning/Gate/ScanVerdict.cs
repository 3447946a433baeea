namespace Delivery.Scanning.Gate;

/// <summary>One scanner's line of the summary: what it did and what it found, by severity.</summary>
public sealed record ScannerRow(string Scanner, ScannerStatus Status, string Detail, IReadOnlyDictionary<Severity, int> BySeverity, int Waived, int Blocking);

/// <summary>What the gate decided, and everything needed to explain it: built by <see cref="ScanGate.Judge"/>.</summary>
public sealed record ScanVerdict
{
    public required ScanGateSettings Settings { get; init; }
    public required DateOnly Today { get; init; }
    public required string IgnoreFile { get; init; }
    public required IReadOnlyList<ScannerResult> Results { get; init; }

    /// <summary>Every finding of every scanner that ran, with its decision.</summary>
    public required IReadOnlyList<JudgedFinding> Findings { get; init; }

    public required IReadOnlyList<ScanIgnoreError> IgnoreErrors { get; init; }
    public required IReadOnlyList<ScanIgnoreEntry> ExpiredEntries { get; init; }

    /// <summary>Unexpired entries that accepted nothing in this run: a warning, as the problem may be gone.</summary>
    public required IReadOnlyList<ScanIgnoreEntry> UnusedEntries { get; init; }

    public IReadOnlyList<JudgedFinding> Blocking => Outcome(FindingOutcome.Blocking);
    public IReadOnlyList<JudgedFinding> Waived => Outcome(FindingOutcome.Waived);
    public IReadOnlyList<JudgedFinding> Reported => Outcome(FindingOutcome.Reported);

    public IReadOnlyList<ScannerResult> FailedScanners => Results.Where(r => r.Status == ScannerStatus.Failed).ToList();
    public IReadOnlyList<ScannerResult> UnavailableScanners => Results.Where(r => r.Status == ScannerStatus.NotAvailable).ToList();

    public IReadOnlyList<ScannerRow> Rows => Results
        .Select(r => new ScannerRow(r.Scanner, r.Status, r.Detail,
            Enum.GetValues<Severity>().ToDictionary(s => s, s => r.Findings.Count(f => f.Severity == s)),
            Findings.Count(j => j.Finding.Scanner == r.Scanner && j.Outcome == FindingOutcome.Waived),
            Findings.Count(j => j.Finding.Scanner == r.Scanner && j.Outcome == FindingOutcome.Blocking)))
        .ToList();

    /// <summary>Every reason the gate failed, one line each; empty when it passed.</summary>
    public IReadOnlyList<string> Failures =>
    [
        .. Blocking.Select(b => $"blocking: {b.Finding} — {b.Why}"),
        .. FailedScanners.Select(r => $"scanner {r.Scanner} failed: {FirstLine(r.Detail)}"),
        .. IgnoreErrors.Select(e => $"ignore file: {e}"),
        .. ExpiredEntries.Select(e =>
            $"ignore file: {IgnoreFile}:{e.Line}: '{e.Id}' expired on {e.Expiry} and no longer waives anything; fix the finding, " +
            "or renew the entry with a new exp: and an up-to-date reason"),
    ];

    public IReadOnlyList<string> Warnings =>
    [
        .. UnavailableScanners.Select(r => $"scanner {r.Scanner} did not run: {r.Detail}"),
        .. UnusedEntries.Select(e => $"{IgnoreFile}:{e.Line}: '{e.Id}' waived nothing in this run; remove it if the finding is gone"),
    ];

    public bool Passed => Failures.Count == 0;

    /// <summary>The summary table, then what blocks, what is waived and what is wrong with the ignore file.</summary>
    public string Render() => ScanSummaryTable.Render(this);

    IReadOnlyList<JudgedFinding> Outcome(FindingOutcome outcome) => Findings.Where(f => f.Outcome == outcome).ToList();

    static string FirstLine(string text) => text.Split('\n', 2)[0].TrimEnd();
}
