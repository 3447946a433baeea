using System.Text.RegularExpressions;
using Delivery.Deployment;
using Delivery.Execution;
using Delivery.Tests.Environments;

namespace Delivery.Tests.Deployment;

public sealed class DeploymentPlannerTests
{
    static readonly Topology Prod = new()
    {
        Environment = "prod",
        Project = "pazpaz-prod",
        Compose = ["docker", "compose", "-p", "pazpaz-prod", "-f", "compose/compose.yaml", "-f", "compose/compose.prod.yaml"],
        BlueAddress = "172.16.30.11",
        GreenAddress = "172.16.30.12",
        HttpsPort = 443,
        PreviewPort = 8081,
    };

    static readonly Release Next = new("2.0.0", Release.Services.ToDictionary(s => s, s => $"r/pazpaz/{s}@sha256:{s}"));

    static DeploymentPlanner Planner() => new(Prod, new Dictionary<string, string> { ["PAZPAZ_HTTPS_PORT"] = "443" },
        new Dictionary<string, string> { ["PAZPAZ_DATABASE_PASSWORD"] = "hunter2-never-shown" });

    [Fact]
    public void A_drain_asks_the_api_inside_its_container_to_spread_the_closes_over_the_drain()
    {
        var step = Planner().Drain(Colour.Blue, TimeSpan.FromSeconds(10)).Steps.Single();

        Assert.Equal(["docker", "exec", "pazpaz-prod-api-blue-1", "bash", "-c"], step.Command.Take(5));
        Assert.Contains("POST /internal/drain?%s HTTP/1.0", step.Command[5]);
        Assert.Equal("spread_ms=10000", step.Command[^1]);
    }

    [Fact]
    public void A_crashed_colour_loses_its_restarts_before_the_stop_so_no_restart_under_way_escapes_the_signal()
    {
        var steps = Planner().StopCrashed(Colour.Green).Steps;

        Assert.Equal(["docker", "update", "--restart", "no", "pazpaz-prod-api-green-1"], steps[0].Command);
        Assert.Equal(StepKind.WaitUntilSucceeds, steps[1].Kind);
        Assert.Contains("{{.State.Restarting}}", steps[1].Command[2]);
        Assert.Equal("pazpaz-prod-api-green-1", steps[1].Command[^1]);
        Assert.Equal(["docker", "stop", "--time", "30", "pazpaz-prod-api-green-1"], steps[2].Command);
    }

    [Fact]
    public void A_drain_after_a_reload_keeps_the_sockets_of_nginxs_current_workers()
    {
        var step = Planner().Drain(Colour.Green, TimeSpan.FromSeconds(30), [281, 282]).Steps.Single();

        Assert.Equal("spread_ms=30000&keep_edge_workers=281,282", step.Command[^1]);
        Assert.Contains("the WebSockets nginx's old workers hold", step.Description);
    }

    [Fact]
    public void Old_workers_are_counted_by_their_title_without_counting_the_counting_shell()
    {
        var command = Planner().OldProxyWorkers().Command;

        Assert.Equal(["docker", "exec", "pazpaz-prod-proxy-1", "sh", "-c"], command.Take(5));
        // A plain 'shutting down' would also match the shell's and grep's own /proc/*/cmdline: always 2 "old workers".
        Assert.Contains("grep -l 'shutting [d]own' /proc/[0-9]*/cmdline", command[^1]);
    }

    [Fact]
    public void The_switch_is_one_atomic_rename_of_the_route_link_with_no_nginx_test_and_no_reload()
    {
        var plan = Planner().Route(Route.To(Colour.Green, backup: true), "live -> green");

        var step = Assert.Single(plan.Steps);
        Assert.Equal(["docker", "exec", "pazpaz-prod-proxy-1", "sh", "-c"], step.Command.Take(5));
        Assert.Equal(["/etc/nginx/pazpaz/live", "green+blue", "live-green backup"], step.Command.TakeLast(3));
        Assert.Contains("mkdir -p \"routes/$1\"", step.Command[5]);
        Assert.Contains("ln -sfn \"routes/$1\" .route.next && mv -fT .route.next route", step.Command[5]);
        Assert.DoesNotContain("nginx -t", plan.Render());
        Assert.DoesNotContain("reload", plan.Render());
    }

    [Fact]
    public void Nginx_tests_exactly_the_markers_the_engine_writes_and_has_an_upstream_for_every_route()
    {
        var routing = File.ReadAllText(RepositoryRoot.Path / "nginx" / "snippets" / "route.conf");
        var upstreams = File.ReadAllText(RepositoryRoot.Path / "nginx" / "conf.d" / "api-upstreams.conf");
        var routes = new[] { Route.To(Colour.Blue), Route.To(Colour.Green), Route.To(Colour.Blue, backup: true), Route.To(Colour.Green, backup: true) };

        var tested = Regex.Matches(routing, @"-f /etc/nginx/pazpaz/live/route/([a-z-]+)\)").Select(m => m.Groups[1].Value).ToHashSet();

        Assert.Equal(routes.SelectMany(r => r.Markers).ToHashSet(), tested);
        Assert.Equal(Route.Directory + "/route", "/etc/nginx/pazpaz/live/route");
        foreach (var route in routes)
            Assert.Contains($"upstream api_{route.Live!.Value.Name()}{(route.Backup ? "_with_backup" : "")} {{", upstreams);
    }

    [Fact]
    public void Compose_steps_carry_images_and_settings_as_variables_and_show_secrets_only_as_stars()
    {
        var step = Planner().StartSlot(Colour.Green, Next, "r/pazpaz/api@sha256:old", Next.Api, "01DEPLOY").Steps.Single();

        Assert.Equal(["docker", "compose", "-p", "pazpaz-prod", "-f", "compose/compose.yaml", "-f", "compose/compose.prod.yaml",
            "up", "--detach", "--no-deps", "--force-recreate", "api-green"], step.Command);
        Assert.Equal("r/pazpaz/api@sha256:api", step.Environment["PAZPAZ_API_GREEN_IMAGE"]);
        Assert.Equal("r/pazpaz/api@sha256:old", step.Environment["PAZPAZ_API_BLUE_IMAGE"]);
        Assert.Equal("01DEPLOY", step.Environment["PAZPAZ_API_GREEN_DEPLOY_ID"]);
        Assert.Equal("hunter2-never-shown", step.Environment["PAZPAZ_DATABASE_PASSWORD"]);
        Assert.Contains("PAZPAZ_DATABASE_PASSWORD=***", step.ToString());
        Assert.DoesNotContain("hunter2", step.ToString());
    }

    [Fact]
    public void Missing_images_are_pulled_once_each_with_the_login_in_a_private_client_configuration()
    {
        var planner = new DeploymentPlanner(Prod, new Dictionary<string, string>(), new Dictionary<string, string>()) { PullConfiguration = "/run/pazpaz/pazpaz-prod/docker" };

        var plan = planner.Pull([Next.Api, Next.Image("web"), Next.Api]);

        Assert.Equal([["docker", "pull", "--quiet", Next.Api], ["docker", "pull", "--quiet", Next.Image("web")]], plan.Steps.Select(s => s.Command));
        Assert.All(plan.Steps, s => Assert.Equal("/run/pazpaz/pazpaz-prod/docker", s.Environment["DOCKER_CONFIG"]));
    }

    [Fact]
    public void The_lock_is_a_created_never_started_container_labelled_with_its_holder_and_lease()
    {
        var plan = Planner().Lock(new DeployLockHolder("ci:alice", "01ABC", DateTimeOffset.FromUnixTimeSeconds(1893456000))).Render();

        Assert.Contains("docker create --name pazpaz-prod-deploylock --label org.pazpaz.lock.holder=ci:alice --label org.pazpaz.lock.deploy-id=01ABC " +
            "--label org.pazpaz.lock.lease-until=1893456000 --network none debian:trixie-slim true", plan);
    }

    [Theory]
    [InlineData("routes/green\n", "green", "blue")]
    [InlineData("routes/blue+green", "blue+green", "green")]
    [InlineData("none\n", "none", "blue")]
    public void The_route_is_read_back_from_the_link_and_names_the_idle_colour(string link, string name, string idle)
    {
        var route = Route.Parse(link);

        Assert.Equal(name, route.Name);
        Assert.Equal(idle, route.Idle.Name());
    }

    [Fact]
    public void A_route_the_engine_never_writes_is_refused_with_where_to_look()
    {
        var error = Assert.Throws<DeploymentException>(() => Route.Parse("routes/purple"));

        Assert.Contains("'routes/purple' names no known state", error.Message);
        Assert.Contains("ls -l /etc/nginx/pazpaz/live/route", error.Message);
    }
}
