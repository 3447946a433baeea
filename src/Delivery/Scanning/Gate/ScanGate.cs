namespace Delivery.Scanning.Gate;

/// <summary>
/// The one gate over every scanner. A vulnerability fails it at or above <see cref="ScanGateSettings.FailOn"/> when a
/// fix exists (Trivy's <c>--ignore-unfixed</c>: nothing can be done about the rest yet); policy and secret findings
/// always fail it. An unexpired entry of the ignore file accepts a finding. The gate also fails on a scanner that
/// broke, on an ignore-file line it cannot read, and on an expired entry, which never accepts anything.
/// </summary>
public sealed class ScanGate(ScanGateSettings settings, ScanIgnoreFile ignoreFile, TimeProvider? clock = null)
{
    public ScanVerdict Judge(IReadOnlyList<ScannerResult> results)
    {
        var today = DateOnly.FromDateTime((clock ?? TimeProvider.System).GetUtcNow().UtcDateTime);
        var active = ignoreFile.Entries.Where(e => !e.IsExpired(today)).ToList();
        var used = new HashSet<ScanIgnoreEntry>();
        var judged = new List<JudgedFinding>();
        foreach (var finding in results.Where(r => r.Status == ScannerStatus.Ran).SelectMany(r => r.Findings))
        {
            var waivers = active.Where(e => e.Matches(finding)).ToList();
            used.UnionWith(waivers);
            judged.Add(waivers.Count > 0
                ? new JudgedFinding(finding, FindingOutcome.Waived, $"waived until {waivers[0].Expiry} ({ignoreFile.File}:{waivers[0].Line}): {waivers[0].Reason}", waivers[0])
                : Decide(finding));
        }

        return new ScanVerdict
        {
            Settings = settings,
            Today = today,
            IgnoreFile = ignoreFile.File,
            Results = results,
            Findings = judged,
            IgnoreErrors = ignoreFile.Errors,
            ExpiredEntries = ignoreFile.Entries.Where(e => e.IsExpired(today)).ToList(),
            UnusedEntries = active.Where(e => !used.Contains(e)).ToList(),
        };
    }

    JudgedFinding Decide(Finding finding)
    {
        var severity = finding.Severity.ToString().ToUpperInvariant();
        if (settings.FailOn is not { } failOn)
            return Reported(finding, "report only (fail-on none)");
        return finding.Kind switch
        {
            FindingKind.Policy => new JudgedFinding(finding, FindingOutcome.Blocking, "policy findings always block"),
            FindingKind.Secret => new JudgedFinding(finding, FindingOutcome.Blocking, "secrets always block"),
            _ when finding.Severity < failOn => Reported(finding, $"{severity} is below fail-on {failOn.ToString().ToUpperInvariant()}"),
            _ when !finding.HasFix => Reported(finding, $"{severity} but no fix exists yet (ignore-unfixed)"),
            _ => new JudgedFinding(finding, FindingOutcome.Blocking, $"{severity} with a fix ({finding.FixedVersion}) is at or above fail-on {failOn.ToString().ToUpperInvariant()}"),
        };
    }

    JudgedFinding Reported(Finding finding, string why) =>
        new(finding, finding.Severity >= settings.ReportFrom ? FindingOutcome.Reported : FindingOutcome.BelowThreshold, why);
}
