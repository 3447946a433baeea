namespace Delivery.Scanning.Images;

/// <summary>The distribution an image is built from, as its <c>os-release</c> file says (<c>ID=debian</c>, <c>VERSION_ID="13"</c>).</summary>
public sealed record OsRelease(string Id, string VersionId, string Codename, string PrettyName)
{
    public static OsRelease Parse(string text)
    {
        var values = text.Replace("\r\n", "\n").Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#') && line.Contains('=', StringComparison.Ordinal))
            .Select(line => (Key: line[..line.IndexOf('=', StringComparison.Ordinal)], Value: Unquote(line[(line.IndexOf('=', StringComparison.Ordinal) + 1)..])))
            .GroupBy(p => p.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);
        return new OsRelease(values.GetValueOrDefault("ID", ""), values.GetValueOrDefault("VERSION_ID", ""),
            values.GetValueOrDefault("VERSION_CODENAME", ""), values.GetValueOrDefault("PRETTY_NAME", ""));
    }

    static string Unquote(string value) =>
        value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0] ? value[1..^1] : value;
}
