using Delivery.Audit;
using Delivery.Backup;
using Delivery.Monitoring;
using Delivery.Monitoring.Dashboards;
using Delivery.Tests.Environments;

namespace Delivery.Tests.Monitoring.Dashboards;

/// <summary>
/// The committed provisioning and dashboards against what is really exposed: the exporters' and the api's scraped name
/// lists (Fixtures/, how each was made is in its header), the textfile metrics the build writes, and the recording rules.
/// </summary>
public sealed class RepositoryDashboardsTests
{
    static readonly string Grafana = RepositoryRoot.Path / "compose" / "monitoring" / "grafana";

    /// <summary>Every metric Prometheus can see from the stack, without a running one.</summary>
    internal static IReadOnlySet<string> Exposed()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fixture in Directory.EnumerateFiles(RepositoryRoot.Path / "tests" / "Delivery.Tests" / "Monitoring" / "Dashboards" / "Fixtures", "*.txt"))
            names.UnionWith(PrometheusExposition.NameList(File.ReadAllText(fixture)));
        names.UnionWith(TextfileMetrics());
        return names;
    }

    /// <summary>What the build writes for node_exporter's textfile collector: backups, restore drills and the live release.</summary>
    internal static IReadOnlySet<string> TextfileMetrics()
    {
        var set = new BackupSet("20260101-000000F", "full", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, 1, 1, new Dictionary<string, string>());
        var text = BackupMetrics.Backup("prod", new BackupReport(set, "p", [], true, TimeSpan.FromSeconds(1)), DateTimeOffset.UnixEpoch)
                   + BackupMetrics.Drill("prod", new DrillReport("l", [], TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), DateTimeOffset.UnixEpoch), DateTimeOffset.UnixEpoch)
                   + ReleaseMetrics.Render("prod", new CurrentRelease("sha256:a", null, "d", 1, DateTimeOffset.UnixEpoch));
        return PrometheusExposition.MetricNames(text);
    }

    [Fact]
    public void The_committed_dashboards_pass_the_lint()
    {
        var problems = DashboardLint.Check(new DashboardLintInput(
            Path.Combine(Grafana, "dashboards"), Path.Combine(Grafana, "provisioning"), DashboardLint.DashboardsMountPath,
            Exposed(), RecordingRuleNames.Read(RepositoryRoot.Path / "compose" / "monitoring" / "prometheus" / "rules")));

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void There_is_a_dashboard_for_each_subject_the_issue_names_and_each_queries_something()
    {
        var dashboards = Directory.EnumerateFiles(Path.Combine(Grafana, "dashboards"), "*.json")
            .Select(f => GrafanaDashboard.Load(f, out _)!).ToDictionary(d => d.Uid!);

        Assert.Equal(["pazpaz-business", "pazpaz-database", "pazpaz-deployments", "pazpaz-host", "pazpaz-http"], dashboards.Keys.Order(StringComparer.Ordinal));
        Assert.All(dashboards.Values, d => Assert.NotEmpty(d.Queries));
        Assert.Contains(dashboards["pazpaz-deployments"].Queries, q => q.Where.StartsWith("annotation", StringComparison.Ordinal)
                                                                      && q.Expression.Contains(ReleaseMetrics.DeployedTimestamp, StringComparison.Ordinal));
        foreach (var quantile in new[] { "0.5", "0.95", "0.99" })
            Assert.Contains(dashboards["pazpaz-http"].Queries, q => q.Expression.Contains($"histogram_quantile({quantile}, sum by (route, le)", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_one_exposed_exporter_metric_the_committed_dashboards_fail_the_lint_naming_it()
    {
        var exposed = Exposed().Where(n => n != "pg_stat_archiver_last_archive_age").ToHashSet(StringComparer.Ordinal);

        var problems = DashboardLint.Check(new DashboardLintInput(
            Path.Combine(Grafana, "dashboards"), Path.Combine(Grafana, "provisioning"), DashboardLint.DashboardsMountPath, exposed, new HashSet<string>()));

        Assert.Contains("queries 'pg_stat_archiver_last_archive_age'", Assert.Single(problems).Message);
    }
}
