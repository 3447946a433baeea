using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Docker.DotNet.Models;

namespace Integration.Tests.Images;

/// <summary>The api image against the postgres and redis images on a private network, as an environment runs them.</summary>
[Collection(DockerCollection.Name)]
public sealed class ApiContainerTests(DockerFixture docker) : IAsyncLifetime
{
    static readonly SemaphoreSlim Gate = new(1, 1);
    static RunningContainer? _started;

    readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    RunningContainer _api = null!;
    Uri _base = null!;

    /// <summary>The environment is started once for the class (xunit builds the class anew for every test).</summary>
    public async Task InitializeAsync()
    {
        await Gate.WaitAsync();
        try
        {
            _api = _started ??= await StartEnvironmentAsync();
        }
        finally
        {
            Gate.Release();
        }
        _base = new Uri($"http://127.0.0.1:{_api.HostPort}");
    }

    async Task<RunningContainer> StartEnvironmentAsync()
    {
        var (api, postgres, redis) = (await docker.BuildAsync("api"), await docker.BuildAsync("postgres"), await docker.BuildAsync("redis"));
        var passwordFile = docker.WorkDirectory / "api-db-password";
        File.WriteAllText(passwordFile, "api-" + Guid.NewGuid().ToString("N"));
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var secret = new Mount { Type = "bind", Source = passwordFile, Target = "/run/secrets/db-password", ReadOnly = true };
        await docker.CreateNetworkAsync("api");

        var database = await docker.RunAsync(new ContainerSpec("api-postgres", postgres.Id)
        {
            Network = "api", Alias = "postgres", Mounts = [secret],
            Environment = ["POSTGRES_PASSWORD_FILE=/run/secrets/db-password", "POSTGRES_DB=pazpaz"],
        });
        var cache = await docker.RunAsync(new ContainerSpec("api-redis", redis.Id) { Network = "api", Alias = "redis" });
        Assert.Equal("healthy", await docker.WaitForHealthAsync(database.Id, TimeSpan.FromSeconds(90)));
        Assert.Equal("healthy", await docker.WaitForHealthAsync(cache.Id, TimeSpan.FromSeconds(60)));

        string[] environment = ["DATABASE_HOST=postgres", "DATABASE_USER=postgres", "DATABASE_PASSWORD_FILE=/run/secrets/db-password", "REDIS_URL=redis://redis:6379/0"];
        var migrate = await docker.RunAsync(new ContainerSpec("api-migrate", api.Id) { Network = "api", Mounts = [secret], Environment = environment, Command = ["migrate"] });
        var exit = await docker.Client.Containers.WaitContainerAsync(migrate.Id);
        Assert.True(exit.StatusCode == 0, "migrate failed: " + await docker.LogsAsync(migrate.Id));

        var started = await docker.RunAsync(new ContainerSpec("api", api.Id) { Network = "api", Mounts = [secret], Environment = environment, PublishPort = 8000 });
        Assert.True(await docker.WaitForHealthAsync(started.Id, TimeSpan.FromSeconds(60)) == "healthy", "api did not turn healthy: " + await docker.LogsAsync(started.Id));
        // Healthy means live; ready also means subscribed to the event channel, which the WebSocket test relies on.
        var ready = new Uri($"http://127.0.0.1:{started.HostPort}/api/v1/health/ready");
        for (var attempt = 0; (await _http.GetAsync(ready)).StatusCode != HttpStatusCode.OK; attempt++)
        {
            Assert.True(attempt < 80, "the api did not become ready: " + await docker.LogsAsync(started.Id));
            await Task.Delay(250);
        }
        return started;
    }

    public Task DisposeAsync()
    {
        _http.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Answers_live_ready_and_version_with_the_baked_in_version()
    {
        var ready = await _http.GetAsync(new Uri(_base, "/api/v1/health/ready"));
        var version = await _http.GetFromJsonAsync<JsonElement>(new Uri(_base, "/api/v1/version"));

        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync(new Uri(_base, "/api/v1/health/live"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("\"migration\":\"0003\"", await ready.Content.ReadAsStringAsync());
        Assert.Equal(DockerFixture.Version.SemVer, version.GetProperty("version").GetString());
        Assert.Equal(DockerFixture.Version.SemVer, ready.Headers.GetValues("X-App-Version").Single());
    }

    [Fact]
    public async Task Serves_the_seeded_schedule_and_stores_new_appointments_in_postgres()
    {
        var seeded = await _http.GetFromJsonAsync<JsonElement>(new Uri(_base, "/api/v1/workspaces/1/appointments"));
        var created = await _http.PostAsJsonAsync(new Uri(_base, "/api/v1/workspaces/42/appointments"),
            new { client_name = "Integration", starts_at = "2026-04-01T10:00:00Z", duration_minutes = 45 });
        var listed = await _http.GetFromJsonAsync<JsonElement>(new Uri(_base, "/api/v1/workspaces/42/appointments"));

        Assert.Equal(20, seeded.GetArrayLength());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("Integration", Assert.Single(listed.EnumerateArray()).GetProperty("client_name").GetString());
    }

    [Fact]
    public async Task A_websocket_message_round_trips_through_redis_after_the_channel_was_quiet()
    {
        // Quiet for longer than the api's Redis command timeout (5 s): the subscription must not depend on traffic.
        await Task.Delay(TimeSpan.FromSeconds(7));
        using var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{_api.HostPort}/ws"), timeout.Token);

        await socket.SendAsync("{\"type\":\"hello\",\"from\":\"integration\"}"u8.ToArray(), WebSocketMessageType.Text, true, timeout.Token);
        string received;
        do
        {
            var buffer = new byte[4096];
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            received = Encoding.UTF8.GetString(buffer, 0, result.Count);
        } while (received.Contains("\"ping\"", StringComparison.Ordinal));

        Assert.Equal("{\"type\":\"hello\",\"from\":\"integration\"}", received);
        Assert.DoesNotContain("event relay interrupted", await docker.LogsAsync(_api.Id));
    }

    [Fact]
    public async Task A_stop_while_it_starts_ends_it_at_once_instead_of_waiting_for_sigkill()
    {
        // PID 1 ignores a signal it has no handler for: a crash-looping colour stopped during its restart (or a migrate
        // given up on) used to run on until docker's SIGKILL. The api catches SIGTERM from its first line; the stop is
        // sent once it does (SigCgt), while Python still imports (~0.6 s of CPU). The interpreter's own first
        // milliseconds, before that line, stay uncovered (docs/images.md).
        var api = await docker.BuildAsync("api");
        var starting = await docker.RunAsync(new ContainerSpec("api-stopped-starting", api.Id)
        {
            Environment = ["DATABASE_HOST=nowhere", "DATABASE_PASSWORD=unused", "REDIS_URL=redis://nowhere:6379/0"],
        });
        for (var attempt = 0; attempt < 250 && !CatchesSigterm(starting.Id); attempt++)
            await Task.Delay(20);
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        await docker.Client.Containers.StopContainerAsync(starting.Id, new ContainerStopParameters { WaitBeforeKillSeconds = 30 });
        var state = (await docker.Client.Containers.InspectContainerAsync(starting.Id)).State!;

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"the stop took {stopwatch.Elapsed.TotalSeconds:0.0} s: " + await docker.LogsAsync(starting.Id));
        // 143: its own handler, set long before uvicorn's (an image without it shows SIGTERM caught only once uvicorn
        // serves, and exits 0 from that graceful stop), and never 137 (SIGKILL).
        Assert.Equal(143, state.ExitCode);
    }

    /// <summary>Whether the container's PID 1 has a SIGTERM handler (bit 15 of SigCgt in /proc/1/status).</summary>
    static bool CatchesSigterm(string container) =>
        new Delivery.Execution.ProcessStepRunner().Probe(Delivery.Execution.Step.Run("caught signals", "docker", "exec", container, "grep", "SigCgt", "/proc/1/status"))
            is { Succeeded: true } answer && (Convert.ToUInt64(answer.Output.Split(':')[1].Trim(), 16) & (1UL << 14)) != 0;

    [Fact]
    public async Task Runs_as_its_fixed_non_root_user_and_exposes_metrics()
    {
        var container = await docker.Client.Containers.InspectContainerAsync(_api.Id);
        await _http.GetAsync(new Uri(_base, "/api/v1/workspaces/1/appointments"));
        var metrics = await _http.GetStringAsync(new Uri(_base, "/metrics"));

        Assert.Equal("10001:10001", container.Config!.User);
        Assert.Contains("route=\"/api/v1/workspaces/{workspace_id}/appointments\"", metrics);
    }
}
