using System.Text.Json;
using BuildEngine.IO;

namespace Delivery.Scanning.Secrets;

/// <summary>
/// secretlint's <c>--format json</c>: one entry per file (<c>filePath</c>, <c>sourceContent</c>, <c>messages[]</c> with
/// <c>ruleId</c>, <c>messageId</c>, <c>loc.start.line</c>, <c>severity</c>, <c>docsUrl</c>). The file content and secretlint's
/// own message text are never copied into a finding: the message is built from the rule, so no secret value can leak.
/// </summary>
public static class SecretlintReport
{
    public const string Scanner = "secretlint";

    public static IReadOnlyList<Finding> Parse(string json, AbsolutePath root)
    {
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
            throw new FormatException("secretlint's JSON report is not an array of file results");
        var findings = new List<Finding>();
        foreach (var file in document.RootElement.EnumerateArray())
        {
            var path = Text(file, "filePath") ?? "";
            var location = Path.IsPathRooted(path) ? root.GetUnixRelativePathTo(AbsolutePath.Create(path)) : path.Replace('\\', '/');
            if (!file.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
                continue;
            foreach (var message in messages.EnumerateArray())
            {
                var rule = Text(message, "ruleId") ?? "secretlint";
                var kind = Text(message, "messageId") ?? "secret";
                var docs = Text(message, "docsUrl");
                findings.Add(new Finding
                {
                    Scanner = Scanner,
                    Id = rule,
                    Kind = FindingKind.Secret,
                    Severity = ParseSeverity(Text(message, "severity") ?? ""),
                    Location = location,
                    Line = message.TryGetProperty("loc", out var loc) && loc.TryGetProperty("start", out var start) &&
                           start.TryGetProperty("line", out var line) && line.ValueKind == JsonValueKind.Number ? line.GetInt32() : null,
                    Message = $"{kind}: a secret-looking value (not shown){(docs is null ? "" : $"; see {docs}")}",
                });
            }
        }
        return findings;
    }

    public static Severity ParseSeverity(string severity) => severity switch
    {
        "error" => Severity.High,
        "warning" => Severity.Medium,
        "info" => Severity.Low,
        _ => Severity.Unknown,
    };

    static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
