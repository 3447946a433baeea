using BuildEngine;
using Delivery.Environments;
using Delivery.Execution;
using Delivery.Monitoring;
using Serilog;

/// <summary>
/// An environment's monitoring stack (compose/compose.monitoring.yaml) as its own compose project next to the
/// environment's: Prometheus, Alertmanager and the exporters, published on this host's loopback only.
/// </summary>
interface IMonitor : IHazBackups, IHazGitVersion
{
    [Parameter("The tag of the prometheus, alertmanager and exporters images to run (default: this build's version, as DockerBuild tags them)")]
    string? MonitoringTag => TryGetValue(() => MonitoringTag);

    [Parameter("Monitor: a Grafana image by digest (grafana/grafana-oss@sha256:...) where a registry serves it; unset: no Grafana")]
    string? GrafanaImage => TryGetValue(() => GrafanaImage);

    Target Monitor => _ => _
        .Description("Brings the monitoring stack up next to --environment's compose project and prints where to look (Prometheus, Alertmanager on 127.0.0.1)")
        .Requires(() => DeployEnvironment)
        .Executes(() =>
        {
            var (planner, stack) = MonitoringOf(EnvironmentName.Parse(DeployEnvironment));
            new ProcessStepRunner().Run(planner.Up());
            foreach (var line in planner.Where())
                Log.Information("{Where}", line);
            ReportSummary(_ => _.AddPair("Environment", stack.Environment.Name).AddPair("Project", stack.Project)
                .AddPair("Prometheus", stack.PrometheusUrl.ToString()).AddPair("Alertmanager", stack.AlertmanagerUrl.ToString()));
        });

    Target MonitorDown => _ => _
        .Description("Stops --environment's monitoring stack (its Prometheus data and Alertmanager silences stay in their volumes)")
        .Requires(() => DeployEnvironment)
        .Executes(() => new ProcessStepRunner().Run(MonitoringOf(EnvironmentName.Parse(DeployEnvironment)).Planner.Down()));

    /// <summary>The postgres exporter mounts the same tmpfs password file the environment's deploy writes.</summary>
    (MonitoringPlanner Planner, MonitoringStack Stack) MonitoringOf(EnvironmentName environment)
    {
        var settings = SettingsOf(environment);
        var files = SecretFiles.Write(new SecretSource(RootDirectory, environment).Load(), SecretFiles.DefaultDirectory(settings.ComposeProject));
        var stack = MonitoringStack.For(settings, MonitoringImages.Tagged(MonitoringTag ?? GitVersion.SemVer), MetricsDirectory,
            files[SecretFiles.DatabasePasswordFileVariable]) with { GrafanaImage = GrafanaImage };
        return (new MonitoringPlanner(stack, RootDirectory), stack);
    }
}
