using BuildEngine.IO;
using Delivery.Environments;
using Delivery.Monitoring;
using Delivery.Tests.Environments;

namespace Delivery.Tests.Monitoring;

public sealed class MonitoringPlannerTests
{
    static readonly AbsolutePath Root = AbsolutePath.Create("/repo");

    static MonitoringStack Staging(string? dockerHost = null) => MonitoringStack.For(
        EnvironmentSettings.Load(RepositoryRoot.Path, EnvironmentName.Staging) with { DockerHost = dockerHost },
        MonitoringImages.Tagged("1.2.3"), AbsolutePath.Create("/srv/pazpaz/metrics"), "/run/pazpaz/pazpaz-staging/db-password");

    [Fact]
    public void Up_checks_the_environments_networks_then_starts_its_own_project_and_waits_until_healthy()
    {
        var plan = new MonitoringPlanner(Staging(), Root).Up();

        Assert.Equal(["docker", "network", "inspect", "--format", "{{.Name}}", "pazpaz-staging_edge", "pazpaz-staging_backend"], plan.Steps[0].Command);
        var up = plan.Steps[^1];
        Assert.Equal(["docker", "compose", "-p", "pazpaz-staging-monitoring", "-f", "/repo/compose/compose.monitoring.yaml", "up", "--detach", "--wait", "--wait-timeout", "120"], up.Command);
        Assert.True(up.Timeout > MonitoringPlanner.HealthyTimeout, "the step must outlast compose's own wait");
        Assert.Equal("pazpaz/exporters:1.2.3", up.Environment["PAZPAZ_EXPORTERS_IMAGE"]);
        Assert.Equal("pazpaz-staging", up.Environment["PAZPAZ_COMPOSE_PROJECT"]);
        Assert.Equal("9190", up.Environment["PAZPAZ_PROMETHEUS_PORT"]);
        Assert.Equal("/run/pazpaz/pazpaz-staging/db-password", up.Environment[SecretFiles.DatabasePasswordFileVariable]);
    }

    [Fact]
    public void Down_removes_the_containers_but_keeps_the_prometheus_and_alertmanager_volumes()
    {
        var down = Assert.Single(new MonitoringPlanner(Staging(), Root).Down().Steps);

        Assert.Equal(["docker", "compose", "-p", "pazpaz-staging-monitoring", "-f", "/repo/compose/compose.monitoring.yaml", "down", "--timeout", "30"], down.Command);
        Assert.DoesNotContain("--volumes", down.Command);
    }

    [Fact]
    public void Where_names_the_loopback_addresses_and_the_tunnel_to_reach_them()
    {
        var where = string.Join('\n', new MonitoringPlanner(Staging(), Root).Where());

        Assert.Contains("http://127.0.0.1:9190/targets", where);
        Assert.Contains("Alertmanager http://127.0.0.1:9193/", where);
        Assert.Contains("ssh -L 9190:127.0.0.1:9190 -L 9193:127.0.0.1:9193", where);
        Assert.Contains("prometheus.staging.yml", where);
    }

    [Fact]
    public void A_remote_engine_is_refused_because_the_bind_mounts_are_on_this_machine()
    {
        var error = Assert.Throws<EnvironmentConfigurationException>(() => Staging("ssh://deploy@staging.example"));

        Assert.Contains("Run Monitor on the engine's host", error.Message);
    }

    [Fact]
    public void The_compose_file_requires_exactly_the_variables_the_stack_provides()
    {
        var compose = File.ReadAllText(RepositoryRoot.Path / "compose" / "compose.monitoring.yaml");
        var required = System.Text.RegularExpressions.Regex.Matches(compose, @"\$\{([A-Z0-9_]+)").Select(m => m.Groups[1].Value).ToHashSet();

        Assert.Equal(required.Order(), Staging().ComposeVariables().Keys.Order());
    }

    [Fact]
    public void Grafana_is_added_as_an_overlay_only_when_an_image_is_given_and_the_overlay_requires_exactly_what_is_then_provided()
    {
        var stack = Staging() with { GrafanaImage = "grafana/grafana-oss@sha256:" + new string('b', 64) };
        var overlay = File.ReadAllText(RepositoryRoot.Path / "compose" / "compose.grafana.yaml");
        var required = System.Text.RegularExpressions.Regex.Matches(overlay, @"\$\{([A-Z0-9_]+)").Select(m => m.Groups[1].Value).ToHashSet();

        Assert.Equal(["-f", "/repo/compose/compose.grafana.yaml"], stack.ComposeCommand(Root).TakeLast(2));
        Assert.DoesNotContain("/repo/compose/compose.grafana.yaml", Staging().ComposeCommand(Root));
        Assert.Equal(["PAZPAZ_GRAFANA_IMAGE", "PAZPAZ_GRAFANA_PORT"], required.Order());
        Assert.Equal("3100", stack.ComposeVariables()["PAZPAZ_GRAFANA_PORT"]);
        Assert.Contains("Grafana      http://127.0.0.1:3100/", string.Join('\n', new MonitoringPlanner(stack, Root).Where()));
        Assert.Contains("Grafana      not started: pass --grafana-image", string.Join('\n', new MonitoringPlanner(Staging(), Root).Where()));
    }

    [Fact]
    public void Monitoring_ports_differ_between_environments_and_from_every_environments_host_ports()
    {
        var settings = EnvironmentName.All.Select(e => EnvironmentSettings.Load(RepositoryRoot.Path, e)).ToList();
        var monitoring = EnvironmentName.All.SelectMany(e => new[] { MonitoringPorts.For(e).Prometheus, MonitoringPorts.For(e).Alertmanager, MonitoringPorts.For(e).Grafana }).ToList();
        var edge = settings.SelectMany(s => new[] { s.HttpPort, s.HttpsPort, s.PreviewPort }).ToHashSet();

        Assert.Equal(monitoring.Count, monitoring.Distinct().Count());
        Assert.DoesNotContain(monitoring, edge.Contains);
    }
}
