using BuildEngine.IO;
using Delivery.Execution;

namespace Delivery.Monitoring;

/// <summary>
/// Bringing an environment's monitoring stack up or down, as data (like <see cref="Deployment.DeploymentPlanner"/>):
/// nothing here executes. <see cref="Where"/> is what the Monitor target prints afterwards.
/// </summary>
public sealed class MonitoringPlanner(MonitoringStack stack, AbsolutePath root)
{
    /// <summary>How long compose may wait for every service to turn healthy (Prometheus's start period is 30 s).</summary>
    public static readonly TimeSpan HealthyTimeout = TimeSpan.FromSeconds(120);

    public Plan Up() => new($"Monitor {stack.Environment} ({stack.Project})",
    [
        // The external networks exist only while the environment does; compose's own error would not say so.
        Step.Run($"{stack.EnvironmentProject}'s networks exist (the environment is up)", ["docker", "network", "inspect", "--format", "{{.Name}}", .. stack.EnvironmentNetworks]),
        Step.Run($"Metrics directory {stack.MetricsDirectory.Name} exists for the node exporter", "mkdir", "-p", stack.MetricsDirectory),
        new Step($"Start Prometheus, Alertmanager and the exporters; wait until healthy",
                [.. stack.ComposeCommand(root), "up", "--detach", "--wait", "--wait-timeout", Seconds(HealthyTimeout)], Timeout: HealthyTimeout + TimeSpan.FromSeconds(30))
            .With(stack.ComposeVariables()),
    ]);

    /// <summary>Stops and removes the containers; the data volumes (Prometheus's TSDB, Alertmanager's silences) stay.</summary>
    public Plan Down() => new($"Stop monitoring {stack.Environment} ({stack.Project})",
    [
        new Step("Stop and remove the monitoring containers (volumes are kept)", [.. stack.ComposeCommand(root), "down", "--timeout", "30"], Timeout: TimeSpan.FromMinutes(2))
            .With(stack.ComposeVariables()),
    ]);

    /// <summary>Where to look, for the operator (both addresses are on this host's loopback; tunnel them from elsewhere).</summary>
    public IReadOnlyList<string> Where() =>
    [
        $"Prometheus   {stack.PrometheusUrl}  (targets: {new Uri(stack.PrometheusUrl, "targets")}, alerts: {new Uri(stack.PrometheusUrl, "alerts")})",
        $"Alertmanager {stack.AlertmanagerUrl}",
        stack.GrafanaUrl is { } grafana
            ? $"Grafana      {grafana}  (view-only; dashboards provisioned from compose/monitoring/grafana)"
            : "Grafana      not started: pass --grafana-image <grafana/grafana-oss@sha256:...> where a registry serves it",
        $"Scrape config compose/monitoring/prometheus/prometheus.{stack.Environment}.yml; rules compose/monitoring/prometheus/rules/",
        $"Backup metrics are read from {stack.MetricsDirectory} (Backup/RestoreDrill --metrics-directory)",
        $"From another machine: ssh -L {stack.Ports.Prometheus}:127.0.0.1:{stack.Ports.Prometheus} -L {stack.Ports.Alertmanager}:127.0.0.1:{stack.Ports.Alertmanager} <engine host>",
    ];

    static string Seconds(TimeSpan span) => ((int)span.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
