using System.Text.Json;

namespace Delivery.Scanning.Dependencies;

/// <summary>
/// What <c>npm audit --json</c> prints instead of a report: <c>{message, statusCode, uri}</c> when the registry's audit
/// endpoint failed, or <c>{error: {code, summary, detail}}</c> when npm itself refused (no lockfile).
/// </summary>
public sealed record NpmAuditError(string Message, int? StatusCode)
{
    /// <summary>
    /// The registry answered but has no audit endpoint (a mirror serving only packages): 404, 405 or 501. That is a missing
    /// advisory source, like a NuGet source without vulnerability data; a refused connection or a 5xx is a broken run.
    /// </summary>
    public bool RegistryServesNoAdvisories => StatusCode is 404 or 405 or 501;

    /// <summary>The error npm wrote, or null when <paramref name="json"/> is an audit report.</summary>
    public static NpmAuditError? TryParse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || root.TryGetProperty("auditReportVersion", out _))
            return null;
        int? status = root.TryGetProperty("statusCode", out var code) && code.ValueKind == JsonValueKind.Number ? code.GetInt32() : null;
        var message = Text(root, "message");
        if (string.IsNullOrEmpty(message) && root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            message = string.Join(" ", new[] { Text(error, "code"), Text(error, "summary"), Text(error, "detail") }.Where(s => !string.IsNullOrEmpty(s)));
        return new NpmAuditError(string.IsNullOrEmpty(message) ? "npm audit wrote neither a report nor an error message" : message, status);
    }

    static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
