using System.Net;
using Delivery.Monitoring.Dashboards;
using Integration.Tests.Bootstrap;
using Integration.Tests.Images;

namespace Integration.Tests.Monitoring;

/// <summary>
/// The dashboards against a scrape of the real api image: every metric they name that no exporter, no textfile of the
/// build, no recording rule and not Prometheus itself provides must be on the api's /metrics. The exporters' names are
/// the committed lists (tests/Delivery.Tests/Monitoring/Dashboards/Fixtures); the lead's combined test scrapes them live.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class DashboardMetricsTests(DockerFixture docker)
{
    static readonly string Fixtures = Path.Combine(RepositoryCopy.SourceRoot, "tests", "Delivery.Tests", "Monitoring", "Dashboards", "Fixtures");
    static readonly string Grafana = Path.Combine(RepositoryCopy.SourceRoot, "compose", "monitoring", "grafana");

    /// <summary>Written by the build for node_exporter's textfile collector (BackupMetrics, ReleaseMetrics), not by the api.</summary>
    static readonly string[] TextfilePrefixes = ["pazpaz_backup_", "pazpaz_restore_drill_", "pazpaz_release_"];

    [Fact]
    public async Task Every_api_metric_the_dashboards_name_is_on_the_running_api_s_metrics()
    {
        var live = await ScrapeApiAsync();
        var exporters = Directory.EnumerateFiles(Fixtures, "*-exporter.txt")
            .SelectMany(f => PrometheusExposition.NameList(File.ReadAllText(f))).ToHashSet(StringComparer.Ordinal);

        var fromApi = DashboardLint.MetricNames(Path.Combine(Grafana, "dashboards"))
            .Where(m => !exporters.Contains(m) && !PrometheusSyntheticMetrics.Names.Contains(m) && !m.Contains(':', StringComparison.Ordinal)
                        && !TextfilePrefixes.Any(p => m.StartsWith(p, StringComparison.Ordinal)))
            .ToList();

        Assert.Contains("http_request_duration_seconds_bucket", fromApi);
        Assert.Contains("pazpaz_websocket_connections", fromApi);
        var missing = fromApi.Where(m => !live.Contains(m)).ToList();
        Assert.True(missing.Count == 0, $"the dashboards query {string.Join(", ", missing)}, which the api does not expose (it exposes {string.Join(", ", live)})");
        // The unit lint's api list (Fixtures/api.txt) must not claim a name the image no longer exposes.
        var stale = PrometheusExposition.NameList(File.ReadAllText(Path.Combine(Fixtures, "api.txt"))).Where(m => !live.Contains(m)).ToList();
        Assert.True(stale.Count == 0, $"Fixtures/api.txt lists {string.Join(", ", stale)}, which the api no longer exposes; re-scrape it as its header says");
    }

    async Task<IReadOnlySet<string>> ScrapeApiAsync()
    {
        var image = await docker.BuildAsync("api");
        // Without a database the api still serves its probes, version and /metrics; the histogram needs only observed
        // requests, and its counters and gauges are exposed from the start (ApiContainerTests covers the database paths).
        var api = await docker.RunAsync(new ContainerSpec("dashboard-api", image.Id) { PublishPort = 8000, Environment = ["DATABASE_HOST=127.0.0.1", "REDIS_URL=redis://127.0.0.1:6379/0"] });
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{api.HostPort}"), Timeout = TimeSpan.FromSeconds(10) };
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!await AnswersAsync(http, "/api/v1/health/live"))
            {
                Assert.True(DateTime.UtcNow < deadline, "the api did not answer /api/v1/health/live: " + await docker.LogsAsync(api.Id));
                await Task.Delay(250);
            }
            // Requests that need no database: appointment routes without one end in dropped connections, not metrics.
            foreach (var path in new[] { "/api/v1/version", "/api/v1/health/live", "/api/v1/version" })
                Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(path, UriKind.Relative))).StatusCode);
            return PrometheusExposition.MetricNames(await http.GetStringAsync(new Uri("/metrics", UriKind.Relative)));
        }
        finally
        {
            await docker.Client.Containers.RemoveContainerAsync(api.Id, new Docker.DotNet.Models.ContainerRemoveParameters { Force = true });
        }
    }

    static async Task<bool> AnswersAsync(HttpClient http, string path)
    {
        try
        {
            return (await http.GetAsync(new Uri(path, UriKind.Relative))).StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }
}
