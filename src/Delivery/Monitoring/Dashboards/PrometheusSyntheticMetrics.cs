namespace Delivery.Monitoring.Dashboards;

/// <summary>Series Prometheus writes itself for every target and alert: no exporter exposes them, yet every scrape has them.</summary>
public static class PrometheusSyntheticMetrics
{
    public static IReadOnlySet<string> Names { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "up", "scrape_duration_seconds", "scrape_samples_scraped", "scrape_samples_post_metric_relabeling", "scrape_series_added",
        "ALERTS", "ALERTS_FOR_STATE",
    };
}
