using BuildEngine.IO;
using Delivery.Environments;

namespace Delivery.Monitoring;

/// <summary>
/// One environment's monitoring stack: compose/compose.monitoring.yaml as its own compose project
/// (<c>pazpaz-&lt;env&gt;-monitoring</c>) joined to the environment's edge and backend networks. Its own project, so the
/// environment's <c>up</c>, <c>down</c> and deploys never treat these containers as orphans or restart them.
/// </summary>
public sealed record MonitoringStack
{
    public required EnvironmentName Environment { get; init; }

    /// <summary>The environment's compose project, whose <c>_edge</c> and <c>_backend</c> networks the stack joins.</summary>
    public required string EnvironmentProject { get; init; }

    public required MonitoringImages Images { get; init; }
    public required MonitoringPorts Ports { get; init; }

    /// <summary>Backup/RestoreDrill's <c>--metrics-directory</c>: the node exporter's textfile collector reads it.</summary>
    public required AbsolutePath MetricsDirectory { get; init; }

    /// <summary>The environment's database password file (SecretFiles, on a tmpfs); the postgres exporter mounts it.</summary>
    public required string DatabasePasswordFile { get; init; }

    /// <summary>Grafana's image (by digest) where a registry serves it; null: no Grafana (compose.grafana.yaml is not added).</summary>
    public string? GrafanaImage { get; init; }

    public string Project => EnvironmentProject + "-monitoring";
    public IReadOnlyList<string> EnvironmentNetworks => [EnvironmentProject + "_edge", EnvironmentProject + "_backend"];

    public static MonitoringStack For(EnvironmentSettings environment, MonitoringImages images, AbsolutePath metricsDirectory, string databasePasswordFile)
    {
        // Compose resolves the bind mounts (configuration, metrics, the password file) on this machine: a remote engine
        // would mount paths that do not exist on its host.
        if (environment.DockerHost is { } host)
            throw new EnvironmentConfigurationException($"{environment.Environment}'s engine is remote ({host}), but the monitoring stack bind-mounts " +
                "files from this machine. Run Monitor on the engine's host (with DockerHost unset there).");
        return new MonitoringStack
        {
            Environment = environment.Environment,
            EnvironmentProject = environment.ComposeProject,
            Images = images,
            Ports = MonitoringPorts.For(environment.Environment),
            MetricsDirectory = metricsDirectory,
            DatabasePasswordFile = databasePasswordFile,
        };
    }

    /// <summary><c>docker compose -p pazpaz-&lt;env&gt;-monitoring -f compose/compose.monitoring.yaml</c>; append the subcommand.</summary>
    public IReadOnlyList<string> ComposeCommand(AbsolutePath root) =>
    [
        "docker", "compose", "-p", Project, "-f", root / "compose" / "compose.monitoring.yaml",
        .. GrafanaImage is null ? Array.Empty<string>() : ["-f", root / "compose" / "compose.grafana.yaml"],
    ];

    /// <summary>Every variable compose.monitoring.yaml requires (none is a secret: the password is only a file's path).</summary>
    public IReadOnlyDictionary<string, string> ComposeVariables() => GrafanaImage is null ? Variables : new Dictionary<string, string>(Variables)
    {
        ["PAZPAZ_GRAFANA_IMAGE"] = GrafanaImage,
        ["PAZPAZ_GRAFANA_PORT"] = Ports.Grafana.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    Dictionary<string, string> Variables => new()
    {
        ["PAZPAZ_ENVIRONMENT"] = Environment.Name,
        ["PAZPAZ_COMPOSE_PROJECT"] = EnvironmentProject,
        ["PAZPAZ_PROMETHEUS_IMAGE"] = Images.Prometheus,
        ["PAZPAZ_ALERTMANAGER_IMAGE"] = Images.Alertmanager,
        ["PAZPAZ_EXPORTERS_IMAGE"] = Images.Exporters,
        ["PAZPAZ_PROMETHEUS_PORT"] = Ports.Prometheus.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["PAZPAZ_ALERTMANAGER_PORT"] = Ports.Alertmanager.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["PAZPAZ_METRICS_DIRECTORY"] = MetricsDirectory,
        [SecretFiles.DatabasePasswordFileVariable] = DatabasePasswordFile,
    };

    public Uri PrometheusUrl => new($"http://127.0.0.1:{Ports.Prometheus}/");
    public Uri AlertmanagerUrl => new($"http://127.0.0.1:{Ports.Alertmanager}/");
    public Uri? GrafanaUrl => GrafanaImage is null ? null : new($"http://127.0.0.1:{Ports.Grafana}/");
}
