using System.Text.RegularExpressions;

namespace Delivery.Monitoring.Dashboards;

/// <summary>
/// What the lint checks the dashboards against: the folder of JSON files, Grafana's provisioning folder, the path compose
/// mounts the JSON folder at inside Grafana (the provider's <c>options.path</c> must be it), the metric names the api and
/// exporters expose (from a scrape, see <see cref="PrometheusExposition"/>) and the recording rules' names.
/// </summary>
public sealed record DashboardLintInput(
    string DashboardsDirectory, string ProvisioningDirectory, string DashboardsMountPath,
    IReadOnlySet<string> Exposed, IReadOnlySet<string> RecordingRules);

/// <summary>
/// The dashboards' lint: every JSON parses; uids (and titles, one folder) are unique; every datasource reference — panel,
/// target, annotation and variable, <c>${DS}</c> variables too — resolves to a provisioned datasource; every PromQL
/// expression names only exposed metrics, recording rules (names with <c>:</c>) or Prometheus's own series; the provider
/// keeps deletion disabled and UI edits off and points where the JSON is mounted.
/// </summary>
public static partial class DashboardLint
{
    /// <summary>Where compose mounts compose/monitoring/grafana/dashboards inside the Grafana container (read-only).</summary>
    public const string DashboardsMountPath = "/etc/grafana/dashboards";

    /// <summary>Grafana's built-in sources: its annotation store, mixed panels and the dashboard-reuse source.</summary>
    static readonly HashSet<string> BuiltInUids = new(StringComparer.Ordinal) { "-- Grafana --", "grafana", "-- Mixed --", "-- Dashboard --" };

    [GeneratedRegex(@"^\$\{(?<name>\w+)(:\w+)?\}$|^\$(?<name>\w+)$|^\[\[(?<name>\w+)(:\w+)?\]\]$")]
    private static partial Regex VariableReference();

    public static IReadOnlyList<DashboardProblem> Check(DashboardLintInput input)
    {
        var provisioning = GrafanaProvisioning.Load(input.ProvisioningDirectory);
        var problems = new List<DashboardProblem>(provisioning.Problems);
        problems.AddRange(CheckProviders(provisioning, input.DashboardsMountPath));
        if (provisioning.Datasources.Count == 0)
            problems.Add(new(input.ProvisioningDirectory, "provisions no datasource; dashboards have nothing to query"));

        var dashboards = new List<GrafanaDashboard>();
        var files = Directory.Exists(input.DashboardsDirectory)
            ? Directory.EnumerateFiles(input.DashboardsDirectory, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList()
            : [];
        if (files.Count == 0)
            problems.Add(new(input.DashboardsDirectory, "holds no dashboard JSON; the provider would load nothing"));
        foreach (var file in files)
        {
            if (GrafanaDashboard.Load(file, out var unreadable) is { } dashboard)
                dashboards.Add(dashboard);
            else
                problems.Add(unreadable!);
        }

        foreach (var dashboard in dashboards)
        {
            if (string.IsNullOrWhiteSpace(dashboard.Uid))
                problems.Add(new(dashboard.File, "has no uid; set a fixed one so links and provisioning updates keep pointing at it"));
            else if (dashboard.Uid.Length > 40)
                problems.Add(new(dashboard.File, $"uid '{dashboard.Uid}' is longer than Grafana's 40 characters"));
            if (string.IsNullOrWhiteSpace(dashboard.Title))
                problems.Add(new(dashboard.File, "has no title"));
            problems.AddRange(CheckDatasources(dashboard, provisioning));
            problems.AddRange(CheckMetrics(dashboard, provisioning, input));
        }
        foreach (var clash in dashboards.Where(d => !string.IsNullOrWhiteSpace(d.Uid)).GroupBy(d => d.Uid).Where(g => g.Count() > 1))
            problems.Add(new(clash.First().File, $"uid '{clash.Key}' is also used by {string.Join(", ", clash.Skip(1).Select(d => Path.GetFileName(d.File)))}; uids must be unique"));
        foreach (var clash in dashboards.Where(d => !string.IsNullOrWhiteSpace(d.Title)).GroupBy(d => d.Title).Where(g => g.Count() > 1))
            problems.Add(new(clash.First().File, $"title '{clash.Key}' is also used by {string.Join(", ", clash.Skip(1).Select(d => Path.GetFileName(d.File)))}; Grafana refuses two equal titles in one folder"));
        return problems;
    }

    /// <summary>Every metric name the dashboards' PromQL selects, for checking against a live scrape.</summary>
    public static IReadOnlySet<string> MetricNames(string dashboardsDirectory) => new SortedSet<string>(
        Directory.EnumerateFiles(dashboardsDirectory, "*.json", SearchOption.AllDirectories)
            .Select(f => GrafanaDashboard.Load(f, out _) ?? throw new InvalidDataException($"{f} is not a readable dashboard; run the dashboard lint."))
            .SelectMany(d => d.Queries)
            .SelectMany(q => PromQlMetricNames.Extract(q.Expression).Metrics), StringComparer.Ordinal);

    static IEnumerable<DashboardProblem> CheckProviders(GrafanaProvisioning provisioning, string mountPath)
    {
        if (provisioning.Providers.Count == 0)
            yield return new("provisioning/dashboards", "defines no dashboard provider; Grafana would load no dashboard");
        foreach (var provider in provisioning.Providers)
        {
            if (provider.Type != "file")
                yield return new(provider.File, $"provider '{provider.Name}' is of type '{provider.Type}'; only file providers load the committed JSON");
            if (!provider.DisableDeletion)
                yield return new(provider.File, $"provider '{provider.Name}' must set disableDeletion: true, so a dashboard cannot be deleted from the UI");
            if (provider.AllowUiUpdates)
                yield return new(provider.File, $"provider '{provider.Name}' must set allowUiUpdates: false; dashboards change through the repository");
            if (provider.Path.TrimEnd('/') != mountPath.TrimEnd('/'))
                yield return new(provider.File, $"provider '{provider.Name}' reads '{provider.Path}', but the dashboards are mounted at '{mountPath}'; set options.path to it");
        }
    }

    static IEnumerable<DashboardProblem> CheckDatasources(GrafanaDashboard dashboard, GrafanaProvisioning provisioning)
    {
        foreach (var variable in dashboard.Variables)
        {
            if (!provisioning.Datasources.Any(d => d.Type == variable.PluginType))
                yield return new(dashboard.File, $"datasource variable '{variable.Name}' lists '{variable.PluginType}' datasources, and none is provisioned");
            if (variable.Current is { Length: > 0 } current && !VariableReference().IsMatch(current) && !provisioning.Datasources.Any(d => d.Uid == current || d.Name == current))
                yield return new(dashboard.File, $"datasource variable '{variable.Name}' defaults to '{current}', which is no provisioned datasource ({Known(provisioning)})");
        }
        foreach (var reference in dashboard.Datasources)
        {
            if (reference.Uid is null or "" || BuiltInUids.Contains(reference.Uid))
                continue;
            var variable = VariableReference().Match(reference.Uid);
            if (variable.Success)
            {
                var name = variable.Groups["name"].Value;
                if (!dashboard.Variables.Any(v => v.Name == name))
                    yield return new(dashboard.File, $"{reference.Where} uses '{reference.Uid}', but the dashboard defines no datasource variable '{name}'");
                continue;
            }
            var provisioned = provisioning.Datasources.FirstOrDefault(d => d.Uid == reference.Uid)
                              ?? (reference.Type is null ? provisioning.Datasources.FirstOrDefault(d => d.Name == reference.Uid) : null);
            if (provisioned is null)
                yield return new(dashboard.File, $"{reference.Where} references datasource '{reference.Uid}', which is not provisioned ({Known(provisioning)})");
            else if (reference.Type is not null && reference.Type != provisioned.Type)
                yield return new(dashboard.File, $"{reference.Where} references '{reference.Uid}' as type '{reference.Type}', but it is provisioned as '{provisioned.Type}'");
        }
    }

    static IEnumerable<DashboardProblem> CheckMetrics(GrafanaDashboard dashboard, GrafanaProvisioning provisioning, DashboardLintInput input)
    {
        foreach (var query in dashboard.Queries.Where(q => IsPrometheus(q, dashboard, provisioning)))
        {
            var names = PromQlMetricNames.Extract(query.Expression);
            foreach (var selector in names.Unresolved)
                yield return new(dashboard.File, $"{query.Where} selects '{selector}' by a __name__ pattern, which cannot be checked; name the metrics");
            foreach (var metric in names.Metrics)
            {
                if (input.Exposed.Contains(metric) || PrometheusSyntheticMetrics.Names.Contains(metric))
                    continue;
                if (metric.Contains(':', StringComparison.Ordinal))
                {
                    if (!input.RecordingRules.Contains(metric))
                        yield return new(dashboard.File, $"{query.Where} queries '{metric}', which no recording rule records; add the rule under compose/monitoring/prometheus/rules/ or fix the name");
                }
                else
                    yield return new(dashboard.File, $"{query.Where} queries '{metric}', which neither the api nor an exporter exposes; fix the name or expose the metric");
            }
        }
    }

    /// <summary>Only PromQL is checked: a query against another kind of datasource (Loki, the annotation store) is not.</summary>
    static bool IsPrometheus(DashboardQuery query, GrafanaDashboard dashboard, GrafanaProvisioning provisioning)
    {
        if (query.Datasource is not { } reference)
            return provisioning.Datasources.FirstOrDefault(d => d.IsDefault)?.Type is null or "prometheus";
        if (reference.Type is not null)
            return reference.Type == "prometheus";
        var variable = reference.Uid is null ? null : VariableReference().Match(reference.Uid);
        if (variable is { Success: true })
            return dashboard.Variables.FirstOrDefault(v => v.Name == variable.Groups["name"].Value)?.PluginType is null or "prometheus";
        return provisioning.Datasources.FirstOrDefault(d => d.Uid == reference.Uid || d.Name == reference.Uid)?.Type is null or "prometheus";
    }

    static string Known(GrafanaProvisioning provisioning) =>
        provisioning.Datasources.Count == 0 ? "none is provisioned" : "provisioned: " + string.Join(", ", provisioning.Datasources.Select(d => d.Uid));
}
