using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Delivery.Scanning.Gate;

namespace Delivery.Scanning.Sarif;

/// <summary>
/// One scanner's findings as a SARIF 2.1.0 log in the subset GitHub code scanning reads: rules with
/// <c>security-severity</c>, results with a level, a message and one physical location each (upload-sarif rejects a
/// result without one), and waived findings as accepted external suppressions. An image finding points at the image's
/// Dockerfile, line 1, and names the image in its message.
/// </summary>
public static class SarifLog
{
    public const string SchemaUri = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

    /// <param name="scanner">The tool.driver name.</param>
    /// <param name="findings">The scanner's judged findings; those below the report threshold are left out.</param>
    /// <param name="settings">The gate's settings, for the level of findings that do not block.</param>
    /// <param name="imageDockerfiles">Image reference → repository-relative Dockerfile (see <see cref="SarifWriter.DockerfilesOf"/>).</param>
    public static JsonObject Build(string scanner, IEnumerable<JudgedFinding> findings, ScanGateSettings settings, IReadOnlyDictionary<string, string> imageDockerfiles)
    {
        var listed = findings.Where(f => f.Outcome != FindingOutcome.BelowThreshold).ToList();
        var rules = listed.GroupBy(f => f.Finding.Id, StringComparer.Ordinal).ToList();
        var ruleIndex = rules.Select((g, i) => (g.Key, i)).ToDictionary(p => p.Key, p => p.i, StringComparer.Ordinal);
        return new JsonObject
        {
            ["$schema"] = SchemaUri,
            ["version"] = "2.1.0",
            ["runs"] = new JsonArray(new JsonObject
            {
                ["tool"] = new JsonObject
                {
                    ["driver"] = new JsonObject
                    {
                        ["name"] = scanner,
                        ["rules"] = new JsonArray([.. rules.Select(g => Rule(g.Key, g.Select(f => f.Finding).ToList()))]),
                    },
                },
                // Gives every scanner its own code-scanning category, so one upload per file never replaces another's alerts.
                ["automationDetails"] = new JsonObject { ["id"] = $"pazpaz-scan/{scanner}/" },
                ["results"] = new JsonArray([.. listed.Select(f => Result(f, ruleIndex[f.Finding.Id], settings, imageDockerfiles))]),
            }),
        };
    }

    /// <summary>GitHub's scale: over 9.0 critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low; null leaves it to the level.</summary>
    public static string? SecuritySeverity(Severity severity) => severity switch
    {
        Severity.Critical => "9.5",
        Severity.High => "8.0",
        Severity.Medium => "5.5",
        Severity.Low => "2.0",
        _ => null,
    };

    public static string Level(JudgedFinding judged, ScanGateSettings settings) => judged switch
    {
        { Outcome: FindingOutcome.Blocking } => "error",
        _ when settings.FailOn is { } failOn && judged.Finding.Severity >= failOn => "error",
        _ when judged.Finding.Severity >= Severity.Medium => "warning",
        _ => "note",
    };

    static JsonObject Rule(string id, IReadOnlyList<Finding> findings)
    {
        var first = findings[0];
        var worst = findings.Max(f => f.Severity);
        var properties = new JsonObject { ["tags"] = new JsonArray("security", first.Kind.ToString().ToLowerInvariant()) };
        if (SecuritySeverity(worst) is { } score)
            properties["security-severity"] = score;
        var rule = new JsonObject
        {
            ["id"] = id,
            ["shortDescription"] = new JsonObject { ["text"] = Clip(first.Message, 1000) },
            ["help"] = new JsonObject { ["text"] = Help(first) },
            ["properties"] = properties,
        };
        if (HelpUri(id) is { } uri)
            rule["helpUri"] = uri;
        return rule;
    }

    static JsonObject Result(JudgedFinding judged, int ruleIndex, ScanGateSettings settings, IReadOnlyDictionary<string, string> imageDockerfiles)
    {
        var finding = judged.Finding;
        var image = imageDockerfiles.TryGetValue(finding.Location, out var dockerfile);
        var result = new JsonObject
        {
            ["ruleId"] = finding.Id,
            ["ruleIndex"] = ruleIndex,
            ["level"] = Level(judged, settings),
            ["message"] = new JsonObject { ["text"] = Message(judged, image) },
            ["locations"] = new JsonArray(new JsonObject
            {
                ["physicalLocation"] = new JsonObject
                {
                    ["artifactLocation"] = new JsonObject { ["uri"] = Uri(image ? dockerfile! : finding.Location) },
                    ["region"] = new JsonObject { ["startLine"] = image ? 1 : finding.Line ?? 1 },
                },
            }),
            ["partialFingerprints"] = new JsonObject { ["pazpazFinding/v1"] = Fingerprint(finding) },
            ["properties"] = Properties(judged, image),
        };
        if (judged is { Outcome: FindingOutcome.Waived, Waiver: { } waiver })
            result["suppressions"] = new JsonArray(new JsonObject
            {
                ["kind"] = "external",
                ["status"] = "accepted",
                ["justification"] = $"{waiver.Reason} (until {waiver.Expiry})",
            });
        return result;
    }

    static string Message(JudgedFinding judged, bool image)
    {
        var f = judged.Finding;
        var where = image ? $" in image {f.Location}" : "";
        var text = f.Package is null
            ? $"{f.Message}{where}"
            : $"{f.Id} in {f.Package} {f.InstalledVersion} ({(f.HasFix ? $"fixed in {f.FixedVersion}" : "no fix yet")}){where}: {f.Message}";
        return judged.Outcome == FindingOutcome.Blocking ? $"{text} [blocks the scan gate: {judged.Why}]" : text;
    }

    static JsonObject Properties(JudgedFinding judged, bool image)
    {
        var f = judged.Finding;
        var properties = new JsonObject
        {
            ["severity"] = f.Severity.ToString().ToUpperInvariant(),
            ["kind"] = f.Kind.ToString().ToLowerInvariant(),
            ["gate"] = judged.Outcome.ToString().ToLowerInvariant(),
        };
        if (image)
            properties["image"] = f.Location;
        if (f.Package is not null)
            properties["package"] = f.Package;
        if (f.InstalledVersion is not null)
            properties["installedVersion"] = f.InstalledVersion;
        if (f.FixedVersion is not null)
            properties["fixedVersion"] = f.FixedVersion;
        return properties;
    }

    static string Help(Finding f) => f.Kind switch
    {
        FindingKind.Vulnerability when f.HasFix => $"Upgrade {f.Package} to {f.FixedVersion} or later (rebuild the image on updated packages).",
        FindingKind.Vulnerability => $"No fixed version of {f.Package} is known yet; the gate does not block on it until one exists.",
        FindingKind.Secret => "Remove the secret, rotate it, and pass it at run time (compose secrets), never in the repository or an image.",
        _ => $"{f.Message.TrimEnd('.')}. Fix the file, or waive it in .scanignore with an expiry and a reason.",
    };

    static string? HelpUri(string id) =>
        id.StartsWith("CVE-", StringComparison.OrdinalIgnoreCase) ? $"https://nvd.nist.gov/vuln/detail/{id.ToUpperInvariant()}"
        : id.StartsWith("GHSA-", StringComparison.OrdinalIgnoreCase) ? $"https://github.com/advisories/{id}"
        : null;

    /// <summary>Repository-relative, forward slashes, each segment escaped: a valid relative URI reference.</summary>
    static string Uri(string path) =>
        string.Join('/', path.Replace('\\', '/').TrimStart('/').Split('/').Select(System.Uri.EscapeDataString));

    static string Fingerprint(Finding f) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            string.Join('\n', f.Scanner, f.Id, f.Location, f.Package ?? "", f.Line?.ToString(CultureInfo.InvariantCulture) ?? ""))))[..32];

    static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
