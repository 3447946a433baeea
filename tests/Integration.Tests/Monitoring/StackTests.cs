using Delivery.Monitoring.Dashboards;
using Integration.Tests.Bootstrap;
using Xunit.Abstractions;

namespace Integration.Tests.Monitoring;

/// <summary>
/// Acceptance for the monitoring stack: Prometheus (the real dev scrape configuration) scrapes the api and every exporter
/// of a running environment, and the real ApiDown alert reaches Alertmanager when the api stops.
/// </summary>
[Collection(Images.DockerCollection.Name)]
public sealed class StackTests(Images.DockerFixture docker, ITestOutputHelper output)
{
    static readonly string[] Jobs = ["prometheus", "alertmanager", "api", "postgres", "redis", "nginx", "node"];
    static readonly string[] RuntimePrefixes = ["go_", "process_", "promhttp_", "scrape_", "up", "python_"];
    static readonly TimeSpan TargetsTimeout = TimeSpan.FromSeconds(60);
    // ApiDown's for: 1m, an evaluation interval, and Alertmanager's group_wait.
    static readonly TimeSpan AlertTimeout = TimeSpan.FromSeconds(150);

    [Fact]
    public async Task Prometheus_scrapes_the_api_and_every_exporter_and_an_alert_fires_when_the_api_stops()
    {
        var environment = await MonitoringEnvironment.StartAsync(docker);
        using var api = new PrometheusApi(environment.PrometheusUrl, environment.AlertmanagerUrl);

        var targets = await WaitForAsync(api.TargetsAsync, t => Jobs.All(job => t.Any(x => x.Job == job)) && t.All(x => x.Health == "up"), TargetsTimeout,
            t => $"not every target is up: {string.Join("; ", t)}");
        Assert.Equal(Jobs.Order(), targets.Select(t => t.Job).Distinct().Order());
        // Up means the exporter answered; these say it also reached what it watches.
        foreach (var (query, what) in new[] { ("pg_up", "PostgreSQL"), ("redis_up", "Redis"), ("nginx_up", "nginx's stub_status") })
            Assert.True(await api.ScalarAsync(query) == 1, $"{query} is not 1: the exporter does not reach {what}");
        // PostgresLongTransaction reads it; the collector is off unless the exporter is started with it.
        Assert.Contains("pg_long_running_transactions_oldest_timestamp_seconds", await api.MetricNamesAsync("postgres"));
        Assert.True(await api.ScalarAsync("pazpaz_restore_drill_restore_seconds{environment=\"dev\"}") == 42, "the node exporter's textfile collector did not pick up the drill metrics");
        var exposed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var job in Jobs)
        {
            var names = await api.MetricNamesAsync(job);
            exposed.UnionWith(names);
            var own = names.Where(n => !RuntimePrefixes.Any(p => n.StartsWith(p, StringComparison.Ordinal))).ToList();
            Assert.True(own.Count > 0, $"{job} exposes only runtime metrics: {string.Join(", ", names)}");
            output.WriteLine($"{job}: {names.Count} metric names, {own.Count} beyond go_/process_/scrape_; e.g. {string.Join(", ", own.Take(8))}");
        }

        // Acceptance (#9): every metric a dashboard queries is one the running api and exporters (or a recording rule) expose.
        var grafana = Path.Combine(RepositoryCopy.SourceRoot, "compose", "monitoring", "grafana");
        var problems = DashboardLint.Check(new DashboardLintInput(Path.Combine(grafana, "dashboards"), Path.Combine(grafana, "provisioning"),
            DashboardLint.DashboardsMountPath, exposed, RecordingRuleNames.Read(Path.Combine(RepositoryCopy.SourceRoot, "compose", "monitoring", "prometheus", "rules"))));
        Assert.True(problems.Count == 0, "the dashboards query what the running stack does not expose:\n" + string.Join('\n', problems));
        // The same for the rules: an alert on a series nobody exposes never fires.
        var recorded = RecordingRuleNames.Read(Path.Combine(MonitoringFiles.Root, "rules"));
        var unexposed = MonitoringFiles.RuleFiles
            .SelectMany(file => MonitoringFiles.Sequence(MonitoringFiles.Load(file), "groups").SelectMany(g => MonitoringFiles.Sequence(g, "rules"))
                .SelectMany(rule => PromQlMetricNames.Extract(MonitoringFiles.Scalar(rule, "expr")!).Metrics)
                .Where(metric => !exposed.Contains(metric) && !recorded.Contains(metric))
                .Select(metric => $"{MonitoringFiles.Relative(file)}: {metric}"))
            .Distinct().ToList();
        Assert.True(unexposed.Count == 0, "the rules read series the running stack does not expose: " + string.Join(", ", unexposed));

        await WaitForAsync(api.AlertsAsync, a => a.All(x => x.Name is not ("ApiDown" or "InstanceDown") || x.State != "firing"), TimeSpan.FromSeconds(40),
            a => $"ApiDown or InstanceDown fires while everything runs: {string.Join("; ", a)}");
        await docker.Client.Containers.StopContainerAsync(environment.Api.Id, new Docker.DotNet.Models.ContainerStopParameters { WaitBeforeKillSeconds = 5 });

        var fired = await WaitForAsync(api.AlertmanagerAlertsAsync, a => a.Any(IsApiDown), AlertTimeout,
            a => $"no ApiDown alert reached Alertmanager within {AlertTimeout.TotalSeconds:0} s of stopping it; Alertmanager holds: " +
                 $"[{string.Join("; ", a)}]; Prometheus: [{string.Join("; ", api.AlertsAsync().GetAwaiter().GetResult())}]");
        var alert = fired.First(IsApiDown);
        Assert.Equal("page", alert.Labels["severity"]);
        Assert.Equal("dev", alert.Labels["environment"]);
    }

    // The real rule (compose/monitoring/prometheus/rules/targets.yml): the stopped api is an absent target, not up == 0.
    static bool IsApiDown(FiringAlert alert) => alert.Name == "ApiDown" && alert.Labels.GetValueOrDefault("job") == "api" && alert.State == "active";

    /// <summary>Polls until <paramref name="done"/> holds; past the timeout, fails with what was last seen.</summary>
    static async Task<T> WaitForAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout, Func<T, string> failure)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await read();
            if (done(value))
                return value;
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"after {timeout.TotalSeconds:0} s: {failure(value)}");
            await Task.Delay(1000);
        }
    }
}
