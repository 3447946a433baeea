using System.Text.Json;

namespace Delivery.Scanning.Trivy;

/// <summary>
/// Reads Trivy's JSON report (<c>--format json</c>, SchemaVersion 2, as 0.5x and later write it) into findings:
/// <c>Results[].Vulnerabilities</c> become vulnerabilities, <c>Misconfigurations</c> with status FAIL become policy
/// findings, and <c>Secrets</c> become secret findings (never with the matched text).
/// </summary>
public static class TrivyReport
{
    public const string Scanner = "trivy";

    /// <param name="json">The report as Trivy wrote it.</param>
    /// <param name="location">
    /// The image reference every finding belongs to (an image scan), or null for a repository scan (<c>trivy config</c>,
    /// <c>trivy fs</c>), where each result's Target, a path relative to the scanned folder, is the location.
    /// </param>
    public static IReadOnlyList<Finding> Parse(string json, string? location)
    {
        using var document = Document(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            throw new FormatException($"A Trivy report is a JSON object; this one starts with a {root.ValueKind}. Was it written with --format json?");
        if (Int(root, "SchemaVersion") is { } version and not 2)
            throw new FormatException($"Trivy report SchemaVersion {version} is not supported; this reader knows version 2 (Trivy 0.20 and later).");
        if (!root.TryGetProperty("Results", out var results) || results.ValueKind != JsonValueKind.Array)
            return [];

        var findings = new List<Finding>();
        foreach (var result in results.EnumerateArray())
        {
            var target = Text(result, "Target") ?? "";
            var where = location ?? target;
            findings.AddRange(Items(result, "Vulnerabilities").Select(v => Vulnerability(v, where)));
            findings.AddRange(Items(result, "Misconfigurations")
                .Where(m => string.Equals(Text(m, "Status"), "FAIL", StringComparison.OrdinalIgnoreCase))
                .Select(m => Misconfiguration(m, where)));
            findings.AddRange(Items(result, "Secrets").Select(s => Secret(s, where, location is null ? null : target)));
        }
        return findings;
    }

    /// <summary>Trivy's severities, upper case (<c>CRITICAL</c>, <c>HIGH</c>, …); anything else is Unknown.</summary>
    public static Severity ParseSeverity(string? text) =>
        Enum.TryParse<Severity>(text, ignoreCase: true, out var severity) && Enum.IsDefined(severity) ? severity : Severity.Unknown;

    static Finding Vulnerability(JsonElement v, string location)
    {
        var id = Text(v, "VulnerabilityID") ?? throw new FormatException($"A vulnerability in the Trivy report for '{location}' has no VulnerabilityID.");
        return new Finding
        {
            Scanner = Scanner,
            Id = id,
            Kind = FindingKind.Vulnerability,
            Severity = ParseSeverity(Text(v, "Severity")),
            Location = location,
            Message = Text(v, "Title") ?? FirstSentence(Text(v, "Description")) ?? id,
            Package = Text(v, "PkgName"),
            InstalledVersion = Text(v, "InstalledVersion"),
            FixedVersion = Text(v, "FixedVersion"),
        };
    }

    static Finding Misconfiguration(JsonElement m, string location)
    {
        // ID is what .trivyignore and Trivy's own SARIF use (DS002); AVDID (AVD-DS-0002) only when ID is missing.
        var id = Text(m, "ID") ?? Text(m, "AVDID") ?? throw new FormatException($"A misconfiguration in the Trivy report for '{location}' has no ID.");
        var title = Text(m, "Title");
        var message = Text(m, "Message");
        return new Finding
        {
            Scanner = Scanner,
            Id = id,
            Kind = FindingKind.Policy,
            Severity = ParseSeverity(Text(m, "Severity")),
            Location = location,
            Line = m.TryGetProperty("CauseMetadata", out var cause) ? PositiveInt(cause, "StartLine") : null,
            Message = (title, message) switch
            {
                ({ } t, { } msg) when !string.Equals(t, msg, StringComparison.Ordinal) => $"{t}: {msg}",
                _ => title ?? message ?? id,
            },
        };
    }

    static Finding Secret(JsonElement s, string location, string? pathInImage)
    {
        var id = Text(s, "RuleID") ?? throw new FormatException($"A secret in the Trivy report for '{location}' has no RuleID.");
        var title = Text(s, "Title") ?? Text(s, "Category") ?? id;
        return new Finding
        {
            Scanner = Scanner,
            Id = id,
            Kind = FindingKind.Secret,
            Severity = ParseSeverity(Text(s, "Severity")),
            Location = location,
            Line = pathInImage is null ? PositiveInt(s, "StartLine") : null,
            // The Match field holds the (partly masked) secret itself: it never leaves the raw report.
            Message = pathInImage is null ? title : $"{title} in {pathInImage}{(PositiveInt(s, "StartLine") is { } line ? $":{line}" : "")}",
        };
    }

    static JsonDocument Document(string json)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"The Trivy report is not valid JSON ({e.Message}). Was trivy run with --format json, and did it finish?", e);
        }
    }

    static IEnumerable<JsonElement> Items(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var items) && items.ValueKind == JsonValueKind.Array ? items.EnumerateArray() : [];

    static string? Text(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;

    static int? Int(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : null;

    static int? PositiveInt(JsonElement parent, string name) => Int(parent, name) is > 0 and var n ? n : null;

    static string? FirstSentence(string? text) =>
        text is null ? null : text.IndexOf(". ", StringComparison.Ordinal) is > 0 and var end ? text[..(end + 1)] : text;
}
