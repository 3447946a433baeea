using System.Text.Json;

namespace Delivery.Deployment;

/// <summary>One migration an api image carries: its Alembic revision, and whether it is a contract migration (it removes or narrows what an older release uses).</summary>
public sealed record Migration(string Revision, bool Contract);

/// <summary>The migrations one api image knows, oldest first, as <c>python3 -m app migrations</c> prints them.</summary>
public sealed record MigrationHistory(IReadOnlyList<Migration> Migrations)
{
    public string Head => Migrations[^1].Revision;

    public bool Knows(string revision) => Migrations.Any(m => m.Revision == revision);

    /// <summary>The migrations after <paramref name="from"/> up to and including <paramref name="to"/>; null unless this history has both, in that order.</summary>
    public IReadOnlyList<Migration>? Between(string from, string to)
    {
        var (start, end) = (IndexOf(from), IndexOf(to));
        return start >= 0 && end >= start ? Migrations.Skip(start + 1).Take(end - start).ToList() : null;
    }

    int IndexOf(string revision) => Migrations.ToList().FindIndex(m => m.Revision == revision);

    /// <summary>Null for output that is not such a list (an image from before the command, or one that failed).</summary>
    public static MigrationHistory? TryParse(string output)
    {
        try
        {
            using var document = JsonDocument.Parse(output.Trim());
            var migrations = document.RootElement.EnumerateArray()
                .Select(m => new Migration(m.GetProperty("revision").GetString()!, m.GetProperty("contract").GetBoolean()))
                .ToList();
            return migrations.Count > 0 ? new MigrationHistory(migrations) : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            return null;
        }
    }
}
