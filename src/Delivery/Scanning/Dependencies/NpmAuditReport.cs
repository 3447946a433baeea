using System.Text.Json;

namespace Delivery.Scanning.Dependencies;

/// <summary>
/// The JSON of <c>npm audit --json</c> from npm 7 on (<c>auditReportVersion: 2</c>): <c>vulnerabilities{name: {severity, via[],
/// nodes[], fixAvailable}}</c>. A <c>via</c> entry that is an object is an advisory against that package; one that is a string
/// only says the package depends on another vulnerable one, whose own entry carries the advisory, so it adds no finding.
/// </summary>
public sealed record NpmAuditReport(IReadOnlyList<Finding> Findings, int Dependencies)
{
    public const string Scanner = "npm-audit";

    /// <summary>The fix when npm says one exists within the declared ranges but the advisory range names no first fixed version.</summary>
    public const string FixByAuditFix = "npm audit fix";

    /// <param name="json">npm's standard output.</param>
    /// <param name="lockfile">package-lock.json, for the installed versions (the report names none); null leaves them out.</param>
    /// <param name="location">The repository-relative lockfile path each finding points at.</param>
    public static NpmAuditReport Parse(string json, string? lockfile, string location)
    {
        using var document = JsonDocument.Parse(json);
        var report = document.RootElement;
        if (!report.TryGetProperty("auditReportVersion", out var version) || version.ValueKind != JsonValueKind.Number || version.GetInt32() != 2)
            throw new FormatException("npm wrote no audit report of version 2 (npm 7 or later is needed)");

        var installed = InstalledVersions(lockfile);
        var findings = new List<Finding>();
        if (report.TryGetProperty("vulnerabilities", out var vulnerabilities) && vulnerabilities.ValueKind == JsonValueKind.Object)
        {
            foreach (var entry in vulnerabilities.EnumerateObject())
            {
                var vulnerability = entry.Value;
                var node = vulnerability.TryGetProperty("nodes", out var nodes) && nodes.ValueKind == JsonValueKind.Array
                    ? nodes.EnumerateArray().Select(n => n.GetString()).FirstOrDefault(n => n is not null)
                    : null;
                vulnerability.TryGetProperty("fixAvailable", out var fix);
                foreach (var via in vulnerability.GetProperty("via").EnumerateArray().Where(v => v.ValueKind == JsonValueKind.Object))
                {
                    var package = Text(via, "name") ?? entry.Name;
                    var url = Text(via, "url") ?? "";
                    var (fixedVersion, fixNote) = Fix(fix, package, Text(via, "range"));
                    findings.Add(new Finding
                    {
                        Scanner = Scanner,
                        Id = url.Length > 0 ? NuGetVulnerabilityReport.AdvisoryId(url) : $"npm-{(via.TryGetProperty("source", out var source) ? source.ToString() : package)}",
                        Kind = FindingKind.Vulnerability,
                        Severity = ParseSeverity(Text(via, "severity") ?? Text(vulnerability, "severity") ?? ""),
                        Location = location,
                        Package = package,
                        InstalledVersion = node is not null && installed.TryGetValue(node, out var v) ? v : null,
                        FixedVersion = fixedVersion,
                        Message = $"{Text(via, "title") ?? "advisory"}{(url.Length > 0 ? $" ({url})" : "")}{fixNote}",
                    });
                }
            }
        }
        var dependencies = report.TryGetProperty("metadata", out var metadata) && metadata.TryGetProperty("dependencies", out var counts) &&
                           counts.TryGetProperty("total", out var total) && total.ValueKind == JsonValueKind.Number
            ? total.GetInt32()
            : 0;
        return new NpmAuditReport(findings.DistinctBy(f => (f.Id, f.Package)).ToList(), dependencies);
    }

    public static Severity ParseSeverity(string severity) => severity.ToLowerInvariant() switch
    {
        "info" or "low" => Severity.Low,
        "moderate" => Severity.Medium,
        "high" => Severity.High,
        "critical" => Severity.Critical,
        _ => Severity.Unknown,
    };

    /// <summary>
    /// <c>fixAvailable</c> is false (no fix), true (<c>npm audit fix</c> fixes it within the declared ranges) or
    /// <c>{name, version, isSemVerMajor}</c>: install that version of that package, which may be the direct dependency that pulls it in.
    /// </summary>
    static (string? FixedVersion, string Note) Fix(JsonElement fix, string package, string? advisoryRange) => fix.ValueKind switch
    {
        JsonValueKind.True => (FirstFixedVersion(advisoryRange) ?? FixByAuditFix, "; fixed by 'npm audit fix'"),
        JsonValueKind.Object when Text(fix, "name") is { } name && Text(fix, "version") is { } version =>
            (name == package ? version : $"{name}@{version}",
             $"; fix: {name} {version}{(fix.TryGetProperty("isSemVerMajor", out var major) && major.ValueKind == JsonValueKind.True ? " (a semver-major upgrade)" : "")}"),
        _ => (null, "; no fix available"),
    };

    /// <summary>The first fixed version when the advisory's vulnerable range is one interval with an exclusive upper bound (<c>&gt;=1.0.0 &lt;1.2.6</c>).</summary>
    public static string? FirstFixedVersion(string? range)
    {
        if (string.IsNullOrWhiteSpace(range) || range.Contains("||", StringComparison.Ordinal))
            return null;
        var upper = range.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(c => c.StartsWith('<') && !c.StartsWith("<=", StringComparison.Ordinal)).ToList();
        return upper.Count == 1 && upper[0].Length > 1 ? upper[0][1..] : null;
    }

    /// <summary>Lockfile v2/v3 <c>packages</c>: node path (<c>node_modules/a/node_modules/b</c>) to version.</summary>
    static Dictionary<string, string> InstalledVersions(string? lockfile)
    {
        var versions = new Dictionary<string, string>(StringComparer.Ordinal);
        if (lockfile is null)
            return versions;
        using var document = JsonDocument.Parse(lockfile);
        if (document.RootElement.TryGetProperty("packages", out var packages) && packages.ValueKind == JsonValueKind.Object)
        {
            foreach (var package in packages.EnumerateObject())
            {
                if (Text(package.Value, "version") is { } version)
                    versions[package.Name] = version;
            }
        }
        return versions;
    }

    static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
