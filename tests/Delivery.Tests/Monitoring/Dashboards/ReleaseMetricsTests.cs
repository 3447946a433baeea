using Delivery.Audit;
using Delivery.Monitoring;
using Delivery.Monitoring.Dashboards;

namespace Delivery.Tests.Monitoring.Dashboards;

public sealed class ReleaseMetricsTests
{
    [Fact]
    public void Renders_the_live_release_with_the_timestamp_series_labelled_by_environment_only()
    {
        var release = new CurrentRelease("sha256:abc", "sha256:old", "deploy-7", 42, DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));

        var text = ReleaseMetrics.Render("prod", release);

        Assert.Contains("pazpaz_release_deployed_timestamp_seconds{environment=\"prod\"} 1800000000\n", text);
        Assert.Contains("pazpaz_release_ledger_sequence{environment=\"prod\"} 42\n", text);
        Assert.Contains("pazpaz_release_info{environment=\"prod\",digest=\"sha256:abc\",deploy_id=\"deploy-7\"} 1\n", text);
        Assert.Equal(["pazpaz_release_deployed_timestamp_seconds", "pazpaz_release_info", "pazpaz_release_ledger_sequence"], PrometheusExposition.MetricNames(text));
    }

    [Fact]
    public void Escapes_label_values() =>
        Assert.Contains("deploy_id=\"a\\\"b\\\\c\"", ReleaseMetrics.Render("dev", new CurrentRelease("d", null, "a\"b\\c", 1, DateTimeOffset.UnixEpoch)));
}
