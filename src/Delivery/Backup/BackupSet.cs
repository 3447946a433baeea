using System.Text.Json;

namespace Delivery.Backup;

/// <summary>One backup in the repository, from <c>pgbackrest info --output=json</c>.</summary>
public sealed record BackupSet(string Label, string Type, DateTimeOffset Started, DateTimeOffset Stopped, long DatabaseBytes, long RepositoryBytes, IReadOnlyDictionary<string, string> Annotations)
{
    public TimeSpan Duration => Stopped - Started;

    /// <summary>The backups of the stanza, oldest first; empty when the stanza has none yet.</summary>
    public static IReadOnlyList<BackupSet> Parse(string infoJson, string stanza)
    {
        using var document = JsonDocument.Parse(infoJson);
        var entry = document.RootElement.EnumerateArray().FirstOrDefault(s => s.GetProperty("name").GetString() == stanza);
        if (entry.ValueKind == JsonValueKind.Undefined || !entry.TryGetProperty("backup", out var backups))
            return [];
        return backups.EnumerateArray().Select(b => new BackupSet(
            b.GetProperty("label").GetString()!,
            b.GetProperty("type").GetString()!,
            DateTimeOffset.FromUnixTimeSeconds(b.GetProperty("timestamp").GetProperty("start").GetInt64()),
            DateTimeOffset.FromUnixTimeSeconds(b.GetProperty("timestamp").GetProperty("stop").GetInt64()),
            b.GetProperty("info").GetProperty("size").GetInt64(),
            b.GetProperty("info").GetProperty("repository").GetProperty("delta").GetInt64(),
            b.TryGetProperty("annotation", out var annotation)
                ? annotation.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "")
                : new Dictionary<string, string>())).ToList();
    }
}
