using Delivery.Monitoring.Dashboards;

namespace Delivery.Tests.Monitoring.Dashboards;

public sealed class PrometheusExpositionTests
{
    [Fact]
    public void A_histogram_counts_with_the_series_the_scrape_shows_and_a_metric_without_samples_does_not()
    {
        const string scrape = """
            # HELP h Latency
            # TYPE h histogram
            h_bucket{le="0.1",route="/a"} 1.0
            h_bucket{le="+Inf",route="/a"} 1.0
            h_count{route="/a"} 1.0
            h_sum{route="/a"} 0.02
            # HELP unobserved Never observed
            # TYPE unobserved histogram
            plain 3
            """;

        Assert.Equal(["h_bucket", "h_count", "h_sum", "plain"], PrometheusExposition.MetricNames(scrape));
    }

    [Fact]
    public void A_name_list_ignores_comments_and_blank_lines() =>
        Assert.Equal(["a", "b"], PrometheusExposition.NameList("# how it was made\nb\n\n a \n"));
}
