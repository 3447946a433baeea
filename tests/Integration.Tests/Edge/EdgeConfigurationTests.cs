using System.Net;
using Integration.Tests.Bootstrap;
using Integration.Tests.Images;
using ContainerSpec = Integration.Tests.Images.ContainerSpec;
using Mount = Docker.DotNet.Models.Mount;

namespace Integration.Tests.Edge;

/// <summary>The rendered configuration of every environment, bad settings, the values we promise, and maintenance mode.</summary>
[Collection(DockerCollection.Name)]
public sealed class EdgeConfigurationTests(DockerFixture docker) : IAsyncLifetime
{
    EdgeEnvironment _edge = null!;

    public async Task InitializeAsync() => _edge = await EdgeEnvironment.StartAsync(docker);

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<string> Environments() =>
        new(Directory.GetFiles(Path.Combine(RepositoryCopy.SourceRoot, "nginx", "environments"), "*.env").Select(Path.GetFileNameWithoutExtension).Order()!);

    [Theory]
    [MemberData(nameof(Environments))]
    public async Task Nginx_accepts_the_rendered_configuration_of_the_environment(string environment)
    {
        var settings = File.ReadAllLines(Path.Combine(RepositoryCopy.SourceRoot, "nginx", "environments", environment + ".env"))
            .Where(l => l.Contains('=', StringComparison.Ordinal) && !l.TrimStart().StartsWith('#'))
            .ToList();

        var (exit, output) = await RunProxyCommandAsync("edge-config-" + environment, settings, ["nginx", "-t"]);

        Assert.True(exit == 0, $"{environment}: nginx -t failed:\n{output}");
        Assert.Contains("test is successful", output);
    }

    [Fact]
    public async Task Bad_settings_stop_the_edge_before_nginx_with_every_problem_and_its_fix()
    {
        var (exit, output) = await RunProxyCommandAsync("edge-config-bad", ["PAZPAZ_SERVER_NAME=", "PAZPAZ_PUBLIC_PORT=70000", "PAZPAZ_SENTRY_ORIGIN=http://sentry.example/path", "PAZPAZ_RATE_LIMIT_EXEMPT=10.0.0.0/8,everyone"], ["nginx", "-t"]);

        Assert.Equal(64, exit);
        Assert.Contains("PAZPAZ_SERVER_NAME is not set: set it to the public host name", output);
        Assert.Contains("PAZPAZ_PUBLIC_PORT: '70000' is not a port", output);
        Assert.Contains("PAZPAZ_SENTRY_ORIGIN: 'http://sentry.example/path' must be an origin", output);
        Assert.Contains("PAZPAZ_RATE_LIMIT_EXEMPT: 'everyone' is not an IPv4 address or CIDR", output);
        Assert.DoesNotContain("test is successful", output);
    }

    [Fact]
    public async Task The_running_configuration_holds_mozillas_intermediate_values_and_bounds_old_workers()
    {
        var (_, configuration) = await _edge.ExecAsync(_edge.Proxy.Id, "nginx", "-T");

        Assert.Contains("ssl_protocols TLSv1.2 TLSv1.3;", configuration);
        Assert.Contains("ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:" +
            "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305;", configuration);
        Assert.Contains("ssl_ecdh_curve X25519MLKEM768:X25519:prime256v1:secp384r1;", configuration);
        Assert.Contains("ssl_prefer_server_ciphers off;", configuration);
        Assert.Contains("ssl_session_tickets off;", configuration);
        Assert.Contains("worker_shutdown_timeout 15m;", configuration);
        Assert.Contains("client_max_body_size 1m;", configuration);
        Assert.Contains("server_tokens off;", configuration);
    }

    [Fact]
    public async Task Maintenance_answers_503_with_retry_after_while_health_stays_200_and_switches_back_off()
    {
        var proxy = await _edge.StartProxyAsync("edge-proxy-maintenance", live: "edge-maintenance-live");
        using var https = _edge.Https(proxy);

        await SwitchAsync(proxy, "cp", "/etc/nginx/pazpaz/maintenance.conf", "/etc/nginx/pazpaz/live/maintenance.conf");
        var page = await https.GetAsync("/");
        var api = await https.GetAsync("/api/v1/version");
        var health = await https.GetAsync("/healthz");
        await SwitchAsync(proxy, "rm", "/etc/nginx/pazpaz/live/maintenance.conf");
        var after = await https.GetAsync("/api/v1/version");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, api.StatusCode);
        Assert.Contains("\"maintenance\"", await api.Content.ReadAsStringAsync());
        Assert.Equal("120", api.Headers.GetValues("Retry-After").Single());
        EdgeExpectations.AssertHardened(api);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.False(health.Headers.Contains("Retry-After"));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task An_edge_live_volume_from_before_the_route_keeps_the_colour_its_include_named()
    {
        // Blue is an address where nothing listens, green the test's api: only a carried-over route reaches the api.
        string[] slots = ["PAZPAZ_API_BLUE_ADDRESS=127.0.0.1", "PAZPAZ_API_GREEN_ADDRESS=api-blue"];
        var old = await _edge.StartProxyAsync("edge-proxy-legacy-old", live: "edge-legacy-live", environment: slots);
        Assert.Equal(0, (await _edge.ExecAsync(old.Id, "sh", "-c",
            "printf 'upstream api_live {\\n    server api-blue:8000;\\n    keepalive 32;\\n}\\n' > /etc/nginx/pazpaz/live/upstreams/api-live.conf")).ExitCode);
        using (var before = _edge.Https(old))
            Assert.Equal(HttpStatusCode.BadGateway, (await before.GetAsync("/api/v1/version")).StatusCode);

        var upgraded = await _edge.StartProxyAsync("edge-proxy-legacy-new", live: "edge-legacy-live", environment: slots);
        using var https = _edge.Https(upgraded);
        var version = await https.GetAsync("/api/v1/version");

        Assert.Equal(HttpStatusCode.OK, version.StatusCode);
        Assert.Equal("routes/green", (await _edge.ExecAsync(upgraded.Id, "readlink", "/etc/nginx/pazpaz/live/route")).Output.Trim());
        Assert.NotEqual(0, (await _edge.ExecAsync(upgraded.Id, "test", "-e", "/etc/nginx/pazpaz/live/upstreams/api-live.conf")).ExitCode);
    }

    /// <summary>Changes live/, proves the configuration, reloads, and waits until the old workers are gone.</summary>
    async Task SwitchAsync(RunningContainer proxy, params string[] change)
    {
        Assert.Equal(0, (await _edge.ExecAsync(proxy.Id, change)).ExitCode);
        var (tested, output) = await _edge.ExecAsync(proxy.Id, "nginx", "-t");
        Assert.True(tested == 0, output);
        Assert.Equal(0, (await _edge.ExecAsync(proxy.Id, "nginx", "-s", "reload")).ExitCode);
        await Task.Delay(TimeSpan.FromSeconds(1));
    }

    async Task<(long Exit, string Output)> RunProxyCommandAsync(string name, IReadOnlyList<string> environment, string[] command)
    {
        var image = await docker.BuildAsync("proxy");
        var container = await docker.RunAsync(new ContainerSpec(name, image.Id)
        {
            Environment = environment,
            Command = command,
            ExtraHosts = ["api-blue:127.0.0.1", "web:127.0.0.1"],
            Mounts = [new Mount { Type = "bind", Source = _edge.Certificates, Target = "/etc/pazpaz/tls", ReadOnly = true }],
        });
        var exit = await docker.Client.Containers.WaitContainerAsync(container.Id);
        return (exit.StatusCode, await docker.LogsAsync(container.Id));
    }
}
