using System.Globalization;
using System.Text.RegularExpressions;

namespace Delivery.Backup;

/// <summary>One critical table's row count and content hash, as recorded at a backup and found after a restore.</summary>
public sealed record TableCount(string Table, long Rows, string Hash);

/// <summary>
/// Counts and hashes the critical tables. The hash is an md5 over the sorted md5s of every row's text form: any
/// changed, missing or extra row changes it, independent of physical order.
/// </summary>
public static partial class TableCensus
{
    public static string Query(IEnumerable<string> tables) => string.Join(" UNION ALL ", tables.Select(table =>
    {
        var name = ValidName(table);
        // A sum of 64-bit row hashes: order-free, so no sort and no table-sized string, and any changed row changes it.
        return $"SELECT '{name}', count(*), coalesce(sum(hashtextextended(r::text, 0)::numeric), 0)::text FROM {name} r";
    }));

    /// <summary>Parses psql <c>-At</c> output: <c>table|rows|hash</c> per line.</summary>
    public static IReadOnlyList<TableCount> Parse(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('|'))
            .Where(parts => parts.Length == 3 && long.TryParse(parts[1], CultureInfo.InvariantCulture, out _))
            .Select(parts => new TableCount(parts[0], long.Parse(parts[1], CultureInfo.InvariantCulture), parts[2]))
            .ToList();

    /// <summary>As pgBackRest annotations: <c>rows.&lt;table&gt;</c> and <c>md5.&lt;table&gt;</c>.</summary>
    public static IReadOnlyDictionary<string, string> Annotations(IEnumerable<TableCount> counts) =>
        counts.SelectMany(c => new[] { KeyValuePair.Create($"rows.{c.Table}", c.Rows.ToString(CultureInfo.InvariantCulture)), KeyValuePair.Create($"md5.{c.Table}", c.Hash) })
            .ToDictionary(p => p.Key, p => p.Value);

    public static IReadOnlyList<TableCount> FromAnnotations(IReadOnlyDictionary<string, string> annotations) =>
        annotations.Where(a => a.Key.StartsWith("rows.", StringComparison.Ordinal))
            .Select(a => new TableCount(a.Key[5..], long.Parse(a.Value, CultureInfo.InvariantCulture), annotations.GetValueOrDefault("md5." + a.Key[5..], "")))
            .OrderBy(c => c.Table, StringComparer.Ordinal)
            .ToList();

    /// <summary>Every difference between what the backup recorded and what the restore holds, in words; empty when equal.</summary>
    public static IReadOnlyList<string> Differences(IReadOnlyList<TableCount> recorded, IReadOnlyList<TableCount> restored)
    {
        var found = restored.ToDictionary(c => c.Table);
        var differences = new List<string>();
        foreach (var expected in recorded)
        {
            if (!found.TryGetValue(expected.Table, out var actual))
                differences.Add($"{expected.Table}: missing from the restored database");
            else if (actual.Rows != expected.Rows)
                differences.Add($"{expected.Table}: {actual.Rows} rows restored, {expected.Rows} recorded at the backup");
            else if (actual.Hash != expected.Hash)
                differences.Add($"{expected.Table}: the same {actual.Rows} rows by count, but different content (md5 {actual.Hash} vs {expected.Hash})");
        }
        return differences;
    }

    public static string ValidName(string table) => TableName().IsMatch(table)
        ? table
        : throw new BackupException($"'{table}' is not a plain table name; critical tables are given as [a-z_][a-z0-9_]* (optionally schema.table).");

    [GeneratedRegex("^[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)?$")]
    private static partial Regex TableName();
}
