using Delivery.Deployment;

namespace Delivery.Tests.Deployment;

public sealed class DeploymentPlannerTests
{
    static readonly Topology Prod = new()
    {
        Environment = "prod",
        Project = "pazpaz-prod",
        Compose = ["docker", "compose", "-p", "pazpaz-prod", "-f", "compose/compose.yaml", "-f", "compose/compose.prod.yaml"],
        BlueAddress = "172.30.30.11",
        GreenAddress = "172.30.30.12",
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

        Assert.Equal(["docker", "exec", "pazpaz-prod-api-blue-1", "python3", "-c"], step.Command.Take(5));
        Assert.Contains("http://127.0.0.1:8000/internal/drain?' + sys.argv[1]", step.Command[5]);
        Assert.Equal("spread_ms=10000", step.Command[^1]);
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
    public void The_switch_keeps_the_old_include_renames_the_new_one_into_place_then_proves_and_reloads()
    {
        var plan = Planner().Route(UpstreamFile.Live, UpstreamFile.RenderLive(Prod, Colour.Green), "live -> green").Render();

        Assert.Contains("docker exec pazpaz-prod-proxy-1 sh -c", plan);
        Assert.Contains("cp -f \"$1\" \"$1.prev\"", plan);
        Assert.Contains("mv -f \".$1.next\" \"$1\"", plan);
        Assert.Contains("server 172.30.30.12:8000;", plan);
        Assert.Contains("2. nginx accepts the configuration\n     docker exec pazpaz-prod-proxy-1 nginx -t -q".Replace("\n", Environment.NewLine, StringComparison.Ordinal), plan);
        var reload = Planner().Route(UpstreamFile.Live, UpstreamFile.RenderLive(Prod, Colour.Green), "live -> green").Steps[^1];
        Assert.Equal("Reload nginx (old workers finish their requests)", reload.Description);
        Assert.Contains("nginx -s reload || exit 1", reload.Command[^1]);
        // It returns when the workers from before the reload are no longer current, not when the signal is sent.
        Assert.Contains("shutting [d]own", reload.Command[^1]);
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
    [InlineData("upstream api_live {\n    server 172.30.30.12:8000;\n    keepalive 32;\n}\n", "172.30.30.12")]
    [InlineData("upstream api_live {\n    server api-blue:8000;\n    keepalive 32;\n}\n", "api-blue")]
    [InlineData("# nothing\n", null)]
    public void The_live_address_is_read_back_from_an_include(string content, string? address)
    {
        Assert.Equal(address, UpstreamFile.AddressIn(content));
    }
}
