using System.Text.Json.Nodes;
using Delivery.Monitoring.Dashboards;

namespace Delivery.Tests.Monitoring.Dashboards;

/// <summary>The lint on a small provisioning and dashboard folder built per test: one clean setup, then one defect at a time.</summary>
public sealed class DashboardLintTests : IDisposable
{
    const string Datasources = """
        apiVersion: 1
        datasources:
          - name: Prometheus
            uid: prom
            type: prometheus
            isDefault: true
        """;

    const string Provider = """
        apiVersion: 1
        providers:
          - name: pazpaz
            type: file
            disableDeletion: true
            allowUiUpdates: false
            options:
              path: /etc/grafana/dashboards
        """;

    readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("pazpaz-dashboard-lint-");
    readonly HashSet<string> _exposed = ["up_total", "h_bucket", "h_count", "pg_up"];
    readonly HashSet<string> _rules = ["job:h:rate5m"];

    public DashboardLintTests()
    {
        Write("provisioning/datasources/prometheus.yml", Datasources);
        Write("provisioning/dashboards/pazpaz.yml", Provider);
        Write("dashboards/a.json", Dashboard("a", "A", Panel("{\"type\":\"prometheus\",\"uid\":\"prom\"}", "sum by (route) (rate(h_count[5m]))")));
    }

    public void Dispose() => _root.Delete(recursive: true);

    IReadOnlyList<DashboardProblem> Lint() => DashboardLint.Check(new DashboardLintInput(
        Path.Combine(_root.FullName, "dashboards"), Path.Combine(_root.FullName, "provisioning"), "/etc/grafana/dashboards", _exposed, _rules));

    string Only() => Assert.Single(Lint()).Message;

    [Fact]
    public void A_clean_setup_has_no_problem() => Assert.Empty(Lint());

    [Fact]
    public void Reports_a_file_that_is_not_json() => Assert.Contains("is not valid JSON", Write("dashboards/b.json", "{\"uid\": ").Then(Only));

    [Fact]
    public void Reports_a_uid_used_twice() =>
        Assert.Contains("uid 'a' is also used by b.json", Write("dashboards/b.json", Dashboard("a", "B", Panel(null, "pg_up"))).Then(Only));

    [Fact]
    public void Reports_a_missing_uid() =>
        Assert.Contains("has no uid", Write("dashboards/b.json", Dashboard(null, "B", Panel(null, "pg_up"))).Then(Only));

    [Fact]
    public void Reports_a_target_datasource_that_is_not_provisioned()
    {
        var panel = Panel("{\"type\":\"prometheus\",\"uid\":\"prom\"}", "pg_up");
        panel["targets"]![0]!["datasource"] = JsonNode.Parse("{\"type\":\"prometheus\",\"uid\":\"gone\"}");
        Write("dashboards/b.json", Dashboard("b", "B", panel));

        Assert.Contains("panel 'p' target A references datasource 'gone', which is not provisioned (provisioned: prom)", Only());
    }

    [Fact]
    public void Reports_a_datasource_referenced_as_the_wrong_type() =>
        Assert.Contains("as type 'loki', but it is provisioned as 'prometheus'",
            Write("dashboards/b.json", Dashboard("b", "B", Panel("{\"type\":\"loki\",\"uid\":\"prom\"}", null))).Then(Only));

    [Fact]
    public void Resolves_a_datasource_variable_and_reports_an_undefined_one()
    {
        var dashboard = Dashboard("b", "B", Panel("{\"type\":\"prometheus\",\"uid\":\"${DS}\"}", "pg_up"), Panel("{\"uid\":\"$OTHER\"}", "pg_up"));
        dashboard["templating"] = JsonNode.Parse("{\"list\":[{\"name\":\"DS\",\"type\":\"datasource\",\"query\":\"prometheus\",\"current\":{\"value\":\"prom\"}}]}");
        Write("dashboards/b.json", dashboard);

        Assert.Contains("uses '$OTHER', but the dashboard defines no datasource variable 'OTHER'", Only());
    }

    [Fact]
    public void Reports_a_datasource_variable_with_no_datasource_of_its_type()
    {
        var dashboard = Dashboard("b", "B", Panel("{\"uid\":\"${LOGS}\"}", null));
        dashboard["templating"] = JsonNode.Parse("{\"list\":[{\"name\":\"LOGS\",\"type\":\"datasource\",\"query\":\"loki\"}]}");
        Write("dashboards/b.json", dashboard);

        Assert.Contains("lists 'loki' datasources, and none is provisioned", Only());
    }

    [Fact]
    public void Reports_a_metric_nothing_exposes_in_a_row_s_nested_panel()
    {
        var row = new JsonObject { ["type"] = "row", ["title"] = "r", ["panels"] = new JsonArray(Panel(null, "rate(h_count[5m]) / rate(missing_total[5m])")) };
        Write("dashboards/b.json", Dashboard("b", "B", row));

        Assert.Contains("panel 'p' target A queries 'missing_total', which neither the api nor an exporter exposes", Only());
    }

    [Fact]
    public void A_histogram_suffix_counts_only_when_the_scrape_shows_it() =>
        Assert.Contains("queries 'h_sum'", Write("dashboards/b.json", Dashboard("b", "B", Panel(null, "rate(h_sum[5m])"))).Then(Only));

    [Fact]
    public void Accepts_known_recording_rules_and_prometheus_s_own_series_and_reports_an_unknown_rule()
    {
        Write("dashboards/b.json", Dashboard("b", "B", Panel(null, "job:h:rate5m + on (job) up + ignoring (x) job:missing:ratio")));

        Assert.Contains("queries 'job:missing:ratio', which no recording rule records", Only());
    }

    [Fact]
    public void Checks_annotation_queries()
    {
        var dashboard = Dashboard("b", "B");
        dashboard["annotations"] = JsonNode.Parse("{\"list\":[{\"name\":\"Deploys\",\"datasource\":{\"type\":\"prometheus\",\"uid\":\"prom\"},\"expr\":\"changes(deployed_seconds[2m]) > 0\"}]}");
        Write("dashboards/b.json", dashboard);

        Assert.Contains("annotation 'Deploys' queries 'deployed_seconds'", Only());
    }

    [Fact]
    public void Skips_queries_against_a_datasource_that_is_not_prometheus()
    {
        Write("provisioning/datasources/loki.yml", "apiVersion: 1\ndatasources:\n  - name: Loki\n    uid: logs\n    type: loki\n");
        Write("dashboards/b.json", Dashboard("b", "B", Panel("{\"type\":\"loki\",\"uid\":\"logs\"}", "{service=\"api\"} |= \"error\" | not_a_metric")));

        Assert.Empty(Lint());
    }

    [Theory]
    [InlineData("disableDeletion: true", "disableDeletion: false", "must set disableDeletion: true")]
    [InlineData("allowUiUpdates: false", "allowUiUpdates: true", "must set allowUiUpdates: false")]
    [InlineData("path: /etc/grafana/dashboards", "path: /var/lib/grafana/dashboards", "reads '/var/lib/grafana/dashboards', but the dashboards are mounted at '/etc/grafana/dashboards'")]
    [InlineData("apiVersion: 1", "apiVersion: 2", "must declare apiVersion: 1")]
    [InlineData("    type: file", "    type: file\n  bad: [", "is not valid YAML")]
    public void Reports_a_provider_that_is_not_locked_down_or_points_elsewhere(string from, string to, string expected)
    {
        Write("provisioning/dashboards/pazpaz.yml", Provider.Replace(from, to, StringComparison.Ordinal));

        Assert.Contains(Lint(), p => p.Message.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Reports_a_datasource_without_uid_and_the_references_it_leaves_dangling()
    {
        Write("provisioning/datasources/prometheus.yml", Datasources.Replace("    uid: prom\n", "", StringComparison.Ordinal));

        var problems = Lint().Select(p => p.Message).ToList();

        Assert.Contains(problems, m => m.Contains("datasource 'Prometheus' has no uid", StringComparison.Ordinal));
        Assert.Contains(problems, m => m.Contains("references datasource 'prom', which is not provisioned", StringComparison.Ordinal));
    }

    JsonObject Dashboard(string? uid, string title, params JsonObject[] panels)
    {
        var dashboard = new JsonObject { ["title"] = title, ["schemaVersion"] = 39, ["panels"] = new JsonArray(panels) };
        if (uid is not null)
            dashboard["uid"] = uid;
        return dashboard;
    }

    static JsonObject Panel(string? datasource, string? expression)
    {
        var panel = new JsonObject { ["type"] = "timeseries", ["title"] = "p" };
        if (datasource is not null)
            panel["datasource"] = JsonNode.Parse(datasource);
        var target = new JsonObject { ["refId"] = "A" };
        if (expression is not null)
            target["expr"] = expression;
        panel["targets"] = new JsonArray(target);
        return panel;
    }

    DashboardLintTests Write(string relative, JsonObject json) => Write(relative, json.ToJsonString());

    DashboardLintTests Write(string relative, string text)
    {
        var path = Path.Combine(_root.FullName, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return this;
    }

    T Then<T>(Func<T> check) => check();
}
