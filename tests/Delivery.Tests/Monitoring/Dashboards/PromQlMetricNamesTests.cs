using Delivery.Monitoring.Dashboards;

namespace Delivery.Tests.Monitoring.Dashboards;

public sealed class PromQlMetricNamesTests
{
    static string[] Names(string expression) => [.. PromQlMetricNames.Extract(expression).Metrics];

    [Theory]
    [InlineData("up", new[] { "up" })]
    [InlineData("http_requests_in_flight{job=\"api\"}", new[] { "http_requests_in_flight" })]
    [InlineData("sum by (route) (rate(http_request_duration_seconds_count[$__rate_interval]))", new[] { "http_request_duration_seconds_count" })]
    [InlineData("sum(rate(x_total[5m])) by (le, route)", new[] { "x_total" })]
    [InlineData("histogram_quantile(0.95, sum without (instance) (rate(h_bucket{route=~\"/api/.*\"}[1h30m] offset 5m)))", new[] { "h_bucket" })]
    [InlineData("a / on (environment) group_left (digest, deploy_id) b", new[] { "a", "b" })]
    [InlineData("a > bool 0 and ignoring (x) c unless d or e", new[] { "a", "c", "d", "e" })]
    [InlineData("label_replace(m, \"dst\", \"$1 by (x) rate(y)\", \"src\", \"(.*)\")", new[] { "m" })]
    [InlineData("count_values(\"version\", build_info)", new[] { "build_info" })]
    [InlineData("topk(5, m) + 1e3 * 0x1F - .5 + Inf - NaN", new[] { "m" })]
    [InlineData("job:http_errors:ratio_rate5m > 0.01", new[] { "job:http_errors:ratio_rate5m" })]
    [InlineData("{__name__=\"pg_up\", instance=\"db\"}", new[] { "pg_up" })]
    [InlineData("max_over_time(deriv(m[10m])[1h:5m]) @ start()", new[] { "m" })]
    [InlineData("time() - max(ts_seconds{l=\"a{b}\"}) # by (comment_metric)\n", new[] { "ts_seconds" })]
    [InlineData("sum(increase(c_total[${range:raw}])) / $scale", new[] { "c_total" })]
    [InlineData("sum by(route)(rate(m[1m]))", new[] { "m" })]
    public void Finds_exactly_the_selected_metrics(string expression, string[] expected) =>
        Assert.Equal(expected.Order(StringComparer.Ordinal), Names(expression));

    [Fact]
    public void A_name_regex_cannot_be_resolved_and_is_reported()
    {
        var names = PromQlMetricNames.Extract("count({__name__=~\"pg_.*\"})");

        Assert.Empty(names.Metrics);
        Assert.Equal("{__name__=~\"pg_.*\"}", Assert.Single(names.Unresolved));
    }
}
