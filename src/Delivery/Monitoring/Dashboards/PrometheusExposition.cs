namespace Delivery.Monitoring.Dashboards;

/// <summary>
/// The metric names a scrape exposes: the names of its sample lines, so a histogram counts with exactly the
/// <c>_bucket</c>, <c>_sum</c> and <c>_count</c> series it shows, and a metric with a <c># TYPE</c> line but no sample does not.
/// </summary>
public static class PrometheusExposition
{
    public static IReadOnlySet<string> MetricNames(string scrape)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var raw in scrape.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
                continue;
            var end = line.IndexOfAny(['{', ' ', '\t']);
            names.Add(end < 0 ? line : line[..end]);
        }
        return names;
    }

    /// <summary>A committed name list: one metric name a line, <c>#</c> comments and blank lines ignored.</summary>
    public static IReadOnlySet<string> NameList(string text) =>
        new SortedSet<string>(text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && l[0] != '#'), StringComparer.Ordinal);
}
