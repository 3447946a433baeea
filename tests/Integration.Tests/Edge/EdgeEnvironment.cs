using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Net.WebSockets;
using BuildEngine.IO;
using Docker.DotNet.Models;
using Integration.Tests.Images;
using ContainerSpec = Integration.Tests.Images.ContainerSpec;

namespace Integration.Tests.Edge;

/// <summary>
/// The edge in front of real upstreams, as an environment runs it: the proxy image (this repository's nginx/) on a
/// private network with the api (as the blue slot, with PostgreSQL and Redis) and the web image, and a certificate from
/// a throwaway CA. Started once for every edge test class; the Docker fixture removes it at the end of the run.
/// </summary>
public sealed class EdgeEnvironment
{
    public const string ServerName = "app.pazpaz.test";
    const string Network = "edge";

    static readonly Lock Gate = new();
    static Task<EdgeEnvironment>? _started;

    EdgeEnvironment(DockerFixture docker, TestCertificateAuthority authority, AbsolutePath certificates)
    {
        Docker = docker;
        Authority = authority;
        Certificates = certificates;
    }

    public DockerFixture Docker { get; }
    public TestCertificateAuthority Authority { get; }
    public AbsolutePath Certificates { get; }
    public RunningContainer Proxy { get; private set; } = null!;
    public RunningContainer Api { get; private set; } = null!;

    /// <summary>A WebSocket opened through the proxy when the environment started and left idle since (no app pings).</summary>
    public ClientWebSocket IdleSocket { get; private set; } = null!;
    public DateTime IdleSince { get; private set; }

    public int HttpsPort => Proxy.Ports[8443];
    public int HttpPort => Proxy.Ports[8080];
    public int PreviewPort => Proxy.Ports[8081];

    /// <summary>The one environment of this run; a failure to start is reported the same way to every test.</summary>
    public static Task<EdgeEnvironment> StartAsync(DockerFixture docker)
    {
        lock (Gate)
            return _started ??= StartFreshAsync(docker);
    }

    static async Task<EdgeEnvironment> StartFreshAsync(DockerFixture docker)
    {
        var authority = new TestCertificateAuthority(ServerName);
        var environment = new EdgeEnvironment(docker, authority, authority.WriteTo(docker.WorkDirectory / "edge-tls"));
        await environment.StartUpstreamsAsync();
        environment.Proxy = await environment.StartProxyAsync("edge-proxy", alias: ServerName);
        environment.IdleSocket = await environment.ConnectWebSocketAsync(keepAlive: false);
        environment.IdleSince = DateTime.UtcNow;
        return environment;
    }

    async Task StartUpstreamsAsync()
    {
        var (api, postgres, redis, web) = (await Docker.BuildAsync("api"), await Docker.BuildAsync("postgres"), await Docker.BuildAsync("redis"), await Docker.BuildAsync("web"));
        var passwordFile = Docker.WorkDirectory / "edge-db-password";
        File.WriteAllText(passwordFile, "edge-" + Guid.NewGuid().ToString("N"));
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var secret = new Mount { Type = "bind", Source = passwordFile, Target = "/run/secrets/db-password", ReadOnly = true };
        await Docker.CreateNetworkAsync(Network);

        var database = await Docker.RunAsync(new ContainerSpec("edge-postgres", postgres.Id)
        {
            Network = Network, Alias = "postgres", Mounts = [secret],
            Environment = ["POSTGRES_PASSWORD_FILE=/run/secrets/db-password", "POSTGRES_DB=pazpaz"],
        });
        var cache = await Docker.RunAsync(new ContainerSpec("edge-redis", redis.Id) { Network = Network, Alias = "redis" });
        var site = await Docker.RunAsync(new ContainerSpec("edge-web", web.Id) { Network = Network, Alias = "web" });
        Assert.Equal("healthy", await Docker.WaitForHealthAsync(database.Id, TimeSpan.FromSeconds(90)));
        Assert.Equal("healthy", await Docker.WaitForHealthAsync(cache.Id, TimeSpan.FromSeconds(60)));

        // Pings (the app's and uvicorn's) are an hour apart, so the idle WebSocket test measures nginx's timeout alone.
        string[] settings = ["DATABASE_HOST=postgres", "DATABASE_USER=postgres", "DATABASE_PASSWORD_FILE=/run/secrets/db-password",
            "REDIS_URL=redis://redis:6379/0", "WEBSOCKET_PING_SECONDS=3600"];
        var migrate = await Docker.RunAsync(new ContainerSpec("edge-migrate", api.Id) { Network = Network, Mounts = [secret], Environment = settings, Command = ["migrate"] });
        var exit = await Docker.Client.Containers.WaitContainerAsync(migrate.Id);
        Assert.True(exit.StatusCode == 0, "migrate failed: " + await Docker.LogsAsync(migrate.Id));
        Api = await Docker.RunAsync(new ContainerSpec("edge-api", api.Id) { Network = Network, Alias = "api-blue", Mounts = [secret], Environment = settings });
        Assert.True(await Docker.WaitForHealthAsync(Api.Id, TimeSpan.FromSeconds(60)) == "healthy", "api did not turn healthy: " + await Docker.LogsAsync(Api.Id));
        Assert.Equal("healthy", await Docker.WaitForHealthAsync(site.Id, TimeSpan.FromSeconds(60)));
    }

    /// <summary>
    /// Starts a proxy on the environment's network with the test certificate; <paramref name="extraHosts"/> can point an
    /// upstream name elsewhere (api-blue:127.0.0.1 makes the api unreachable), <paramref name="live"/> mounts a volume
    /// over live/ as compose does, so the test can switch maintenance on.
    /// </summary>
    public async Task<RunningContainer> StartProxyAsync(string name, string? alias = null, IReadOnlyList<string>? extraHosts = null, string? live = null,
        IReadOnlyList<string>? environment = null)
    {
        var proxy = await Docker.BuildAsync("proxy");
        List<Mount> mounts = [new Mount { Type = "bind", Source = Certificates, Target = "/etc/pazpaz/tls", ReadOnly = true }];
        if (live is not null)
            mounts.Add(new Mount { Type = "volume", Source = DockerFixture.NameOf(live), Target = "/etc/nginx/pazpaz/live" });
        var started = await Docker.RunAsync(new ContainerSpec(name, proxy.Id)
        {
            Network = Network,
            Alias = alias,
            ExtraHosts = extraHosts ?? [],
            Mounts = mounts,
            Environment = ["PAZPAZ_SERVER_NAME=" + ServerName, "PAZPAZ_SENTRY_ORIGIN=https://o1.ingest.sentry.io", .. environment ?? []],
            PublishPorts = [8443, 8080, 8081],
        });
        Assert.True(await Docker.WaitForHealthAsync(started.Id, TimeSpan.FromSeconds(30)) == "healthy", "the proxy did not turn healthy: " + await Docker.LogsAsync(started.Id));
        return started;
    }

    /// <summary>The address the engine's gateway has on the environment's network: what nginx sees for clients on this host.</summary>
    public async Task<string> GatewayAsync()
    {
        var network = await Docker.Client.Networks.InspectNetworkAsync(DockerFixture.NameOf(Network));
        return network.IPAM.Config.Single(c => !string.IsNullOrEmpty(c.Gateway)).Gateway;
    }

    /// <summary>HTTPS to the proxy's published port as <see cref="ServerName"/> (SNI and Host), trusting only the test CA.</summary>
    public HttpClient Https(RunningContainer? proxy = null, System.Version? version = null)
    {
        var port = (proxy ?? Proxy).Ports[8443];
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.FromSeconds(30),
            ConnectCallback = async (_, cancellation) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(IPAddress.Loopback, port, cancellation);
                return new NetworkStream(socket, ownsSocket: true);
            },
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, certificate, _, _) => Authority.Validates(certificate as System.Security.Cryptography.X509Certificates.X509Certificate2) },
        };
        return new HttpClient(handler)
        {
            BaseAddress = new Uri($"https://{ServerName}"),
            DefaultRequestVersion = version ?? HttpVersion.Version11,
            Timeout = TimeSpan.FromSeconds(20),
        };
    }

    /// <summary>A WebSocket through the proxy; <paramref name="keepAlive"/> off makes it send nothing unless told to.</summary>
    public async Task<ClientWebSocket> ConnectWebSocketAsync(bool keepAlive = true)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (!keepAlive)
            socket.Options.KeepAliveInterval = TimeSpan.Zero;
        using var invoker = new HttpMessageInvoker(new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellation) =>
            {
                var tcp = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await tcp.ConnectAsync(IPAddress.Loopback, HttpsPort, cancellation);
                return new NetworkStream(tcp, ownsSocket: true);
            },
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, certificate, _, _) => Authority.Validates(certificate as System.Security.Cryptography.X509Certificates.X509Certificate2) },
        }, disposeHandler: false);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await socket.ConnectAsync(new Uri($"wss://{ServerName}/ws"), invoker, timeout.Token);
        return socket;
    }

    /// <summary>Runs a command in a container and returns its exit code and output (stdout then stderr).</summary>
    public async Task<(long ExitCode, string Output)> ExecAsync(string containerId, params string[] command)
    {
        var exec = await Docker.Client.Exec.CreateContainerExecAsync(containerId, new ContainerExecCreateParameters { Cmd = command, AttachStdout = true, AttachStderr = true });
        using var stream = await Docker.Client.Exec.StartContainerExecAsync(exec.ID, new ContainerExecStartParameters(), CancellationToken.None);
        var (stdout, stderr) = await stream.ReadOutputToEndAsync(CancellationToken.None);
        var inspected = await Docker.Client.Exec.InspectContainerExecAsync(exec.ID);
        return (inspected.ExitCode ?? -1, stdout + stderr);
    }
}
