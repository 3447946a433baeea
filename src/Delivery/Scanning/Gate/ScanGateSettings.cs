namespace Delivery.Scanning.Gate;

/// <summary>
/// The two knobs of the gate. <see cref="FailOn"/> (<c>--scan-fail-on</c>, default high): a vulnerability at or above
/// it fails the gate when a fix exists; null (<c>none</c>) only reports. <see cref="ReportFrom"/>
/// (<c>--scan-severity</c>, default low): the lowest severity listed and written to SARIF. A finding that blocks is
/// always reported, whatever its severity.
/// </summary>
public sealed record ScanGateSettings
{
    public const string FailOnParameter = "--scan-fail-on";
    public const string SeverityParameter = "--scan-severity";

    public Severity? FailOn { get; init; } = Severity.High;

    public Severity ReportFrom { get; init; } = Severity.Low;

    static readonly Severity[] Ascending = Enum.GetValues<Severity>();

    static string Names => string.Join(", ", Ascending.Select(s => s.ToString().ToLowerInvariant()));

    /// <summary>Both parameters as given on the command line; null or empty keeps the default.</summary>
    public static ScanGateSettings Parse(string? failOn, string? severity) => new()
    {
        FailOn = string.IsNullOrWhiteSpace(failOn) ? Severity.High : ParseFailOn(failOn),
        ReportFrom = string.IsNullOrWhiteSpace(severity) ? Severity.Low : ParseReportFrom(severity),
    };

    /// <summary>One severity, or <c>none</c> to report without failing.</summary>
    public static Severity? ParseFailOn(string text)
    {
        var value = text.Trim();
        if (value.Equals("none", StringComparison.OrdinalIgnoreCase))
            return null;
        return TryParse(value) ?? throw new ArgumentException(
            $"{FailOnParameter} '{text}' is not a severity. Valid values: none (report only), {Names} (case does not matter).");
    }

    /// <summary>
    /// The lowest severity to report (<c>medium</c>), or Trivy's list form (<c>MEDIUM,HIGH,CRITICAL</c>) when it is
    /// every severity from its lowest up: a gate that reports HIGH but hides CRITICAL would be a trap.
    /// </summary>
    public static Severity ParseReportFrom(string text)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = parts.FirstOrDefault(p => TryParse(p) is null);
        if (parts.Length == 0 || unknown is not null)
            throw new ArgumentException(
                $"{SeverityParameter} '{unknown ?? text}' is not a severity. " +
                $"Valid values: {Names} (the lowest to report), or a list of every severity from one up, such as HIGH,CRITICAL.");
        var listed = parts.Select(p => TryParse(p)!.Value).ToList();
        var lowest = listed.Min();
        if (listed.Count == 1)
            return lowest;
        var missing = Ascending.Where(s => s >= lowest && !listed.Contains(s)).ToList();
        if (missing.Count > 0)
            throw new ArgumentException(
                $"{SeverityParameter} '{text}' leaves out {string.Join(",", missing.Select(s => s.ToString().ToUpperInvariant()))}; " +
                $"the gate reports every severity from one up. Write {lowest.ToString().ToLowerInvariant()} instead.");
        return lowest;
    }

    static Severity? TryParse(string text) =>
        Enum.TryParse<Severity>(text, ignoreCase: true, out var severity) && Enum.IsDefined(severity) && !int.TryParse(text, out _) ? severity : null;

    public override string ToString() =>
        $"fail on {(FailOn is { } f ? $"{f.ToString().ToLowerInvariant()} and above with a fix" : "nothing (report only)")}, " +
        $"report {ReportFrom.ToString().ToLowerInvariant()} and above";
}
