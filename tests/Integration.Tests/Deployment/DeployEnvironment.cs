using System.Net;
using System.Text.Json;
using BuildEngine.IO;
using Delivery.Audit;
using Delivery.Deployment;
using Delivery.Environments;
using Delivery.Execution;
using Delivery.Images;
using Integration.Tests.Bootstrap;
using Integration.Tests.Edge;
using Integration.Tests.Images;

namespace Integration.Tests.Deployment;

/// <summary>
/// A real environment for deploy tests: compose/compose.yaml with the test overlay, as its own compose project on a
/// subnet and loopback ports of its own, deployed by the real <see cref="Deployer"/> with the process runner, the
/// loopback probe and a ledger in a temporary folder. Releases differ by the api's baked-in version.
/// </summary>
public sealed class DeployEnvironment
{
    const string Subnet = "172.16.99";

    static readonly Lock Gate = new();
    static Task<DeployEnvironment>? _started;

    readonly DockerFixture _docker;
    readonly Dictionary<string, string> _baseImages = [];
    int _releases;

    DeployEnvironment(DockerFixture docker) => _docker = docker;

    public Topology Topology { get; private set; } = null!;
    public ReleaseLedger Ledger { get; private set; } = null!;
    public AbsolutePath SecretDirectory { get; private set; } = null!;
    IReadOnlyDictionary<string, string> _variables = null!;

    public static Task<DeployEnvironment> StartAsync(DockerFixture docker)
    {
        lock (Gate)
            return _started ??= new DeployEnvironment(docker).InitializeAsync();
    }

    async Task<DeployEnvironment> InitializeAsync()
    {
        foreach (var service in new[] { "web", "proxy", "postgres", "redis" })
            _baseImages[service] = (await _docker.BuildAsync(service)).Tags[0];
        var project = DockerFixture.NameOf("deploy");
        var root = AbsolutePath.Create(RepositoryCopy.SourceRoot);
        var tls = new TestCertificateAuthority(EdgeEnvironment.ServerName).WriteTo(_docker.WorkDirectory / "deploy-tls");
        var (https, http, preview) = (FreePort(), FreePort(), FreePort());
        Topology = new Topology
        {
            Environment = "it",
            Project = project,
            Compose = ["docker", "compose", "-p", project, "-f", root / "compose" / "compose.yaml", "-f", root / "tests" / "Integration.Tests" / "Deployment" / "compose.test.yaml"],
            BlueAddress = $"{Subnet}.10",
            GreenAddress = $"{Subnet}.11",
            HttpsPort = https,
            PreviewPort = preview,
        };
        SecretDirectory = SecretFiles.DefaultDirectory(project);
        var secretFiles = SecretFiles.Write(new SecretValues(new Dictionary<string, string> { [SecretNames.DatabasePassword] = "it-" + Guid.NewGuid().ToString("N") }), SecretDirectory);
        _variables = new Dictionary<string, string>(secretFiles)
        {
            ["PAZPAZ_PUBLIC_ADDRESS"] = "127.0.0.1",
            ["PAZPAZ_HTTP_PORT"] = http.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PAZPAZ_HTTPS_PORT"] = https.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PAZPAZ_PREVIEW_PORT"] = preview.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PAZPAZ_EDGE_SUBNET"] = $"{Subnet}.0/24",
            ["PAZPAZ_EDGE_IP_RANGE"] = $"{Subnet}.128/25",
            ["PAZPAZ_EDGE_GATEWAY"] = $"{Subnet}.1",
            ["PAZPAZ_API_BLUE_IP"] = Topology.BlueAddress,
            ["PAZPAZ_API_GREEN_IP"] = Topology.GreenAddress,
            ["PAZPAZ_TEST_TLS"] = tls,
            ["PAZPAZ_WEBSOCKET_PING_SECONDS"] = "5",
        };
        Ledger = new ReleaseLedger(_docker.WorkDirectory / "ledger", "it");
        var first = await DeployAsync(await NextReleaseAsync());
        Assert.Equal(Colour.Blue, first.Live);
        return this;
    }

    /// <summary>A new api version (only the last image layers differ), with the shared services' images.</summary>
    public async Task<Release> NextReleaseAsync()
    {
        var version = $"it-{Interlocked.Increment(ref _releases)}";
        var definition = ImageDefinition.Discover(AbsolutePath.Create(RepositoryCopy.SourceRoot)).Single(i => i.Name == "api");
        var built = await new ImageBuilder(_docker.Client).BuildAsync(definition,
            DockerFixture.Version with { SemVer = version }, BuildCertificates.ContextFiles());
        return new Release(version, new Dictionary<string, string>(_baseImages) { ["api"] = built.Tags[0] });
    }

    public Deployer Deployer(string? fault = null, TimeSpan? bake = null, IStepRunner? runner = null, bool dryRun = false) =>
        CreateDeployer(Topology, _variables, Ledger, Timings(bake), fault, crashAfter: null, runner, dryRun);

    static DeploymentTimings Timings(TimeSpan? bake, TimeSpan? lease = null) => new()
    {
        HealthTimeout = TimeSpan.FromSeconds(40), Bake = bake ?? TimeSpan.FromSeconds(3), Drain = TimeSpan.FromSeconds(2), LockLease = lease ?? TimeSpan.FromMinutes(5),
    };

    static Deployer CreateDeployer(Topology topology, IReadOnlyDictionary<string, string> variables, ReleaseLedger ledger, DeploymentTimings timings,
        string? fault, string? crashAfter, IStepRunner? runner = null, bool dryRun = false)
    {
        var planner = new DeploymentPlanner(topology, new Dictionary<string, string>(variables) { ["PAZPAZ_FAULT"] = fault ?? "" }, new Dictionary<string, string>());
        IDeployAuditor auditor = new NotifyingAuditor(ledger, []);
        return new Deployer(planner, runner ?? new ProcessStepRunner(), new LoopbackReleaseProbe(topology), dryRun ? new DryRunAuditor(auditor) : auditor, timings)
        {
            CrashAfterPhase = crashAfter, DryRun = dryRun,
        };
    }

    /// <summary>
    /// Deploys <paramref name="release"/> in a child process that kills itself right after <paramref name="phase"/>
    /// (no finally, no unlock), holding the lock for <paramref name="lease"/>. Returns its exit code and output.
    /// </summary>
    public async Task<(int ExitCode, string Output)> DeployKilledAfterAsync(Release release, string phase, TimeSpan lease)
    {
        var request = _docker.WorkDirectory / $"killed-deploy-{phase}.json";
        File.WriteAllText(request, JsonSerializer.Serialize(new KilledDeploy(Topology, _variables, release, Ledger.Directory, phase, lease)));
        return await KilledDeploy.StartAsync(request);
    }

    internal static async Task<int> RunKilledAsync(KilledDeploy request)
    {
        var ledger = new ReleaseLedger(Path.GetDirectoryName(request.LedgerDirectory)!, request.Topology.Environment);
        var deployer = CreateDeployer(request.Topology, request.Variables, ledger, Timings(bake: null, request.Lease), fault: null, request.CrashAfter);
        await deployer.DeployAsync(new DeployRequest(request.Release, "it:killed", "integration"));
        Console.Error.WriteLine($"the deploy ended without reaching a kill after '{request.CrashAfter}'");
        return 3;
    }

    public LoopbackReleaseProbe Probe => new(Topology);

    public Task<DeployOutcome> DeployAsync(Release release, string? fault = null, TimeSpan? bake = null) =>
        Deployer(fault, bake).DeployAsync(new DeployRequest(release, "it:" + Environment.UserName, "integration"));

    public async Task<string?> LiveVersionAsync() => await Probe.LiveVersionAsync(CancellationToken.None);

    /// <summary>Whether the lock container exists (it must not, after any deploy ends).</summary>
    public bool Locked => new ProcessStepRunner().Probe(Step.Run("lock?", "docker", "inspect", Topology.LockContainer)).Succeeded;

    public StepResult Exec(params string[] command) => new ProcessStepRunner().Probe(Step.Run("exec", ["docker", "exec", Topology.ProxyContainer, .. command]));

    /// <summary>GETs the version through the public server <paramref name="times"/> times, and gives nginx time to flush its buffered access log (1 s).</summary>
    public async Task GetVersionAsync(int times)
    {
        using var http = PublicClient();
        for (var i = 0; i < times; i++)
        {
            using var response = await http.GetAsync("/api/v1/version", CancellationToken.None);
            response.EnsureSuccessStatusCode();
        }
        await Task.Delay(1500, CancellationToken.None);
    }

    /// <summary>The status of each of <paramref name="times"/> GETs of <paramref name="path"/> through the public server, one after another.</summary>
    public async Task<IReadOnlyList<int>> StatusesAsync(string path, int times)
    {
        using var http = PublicClient();
        var statuses = new List<int>();
        for (var i = 0; i < times; i++)
        {
            using var response = await http.GetAsync(path, CancellationToken.None);
            statuses.Add((int)response.StatusCode);
        }
        return statuses;
    }

    HttpClient PublicClient() =>
        new(new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true } })
        { BaseAddress = new Uri($"https://127.0.0.1:{Topology.HttpsPort}"), Timeout = TimeSpan.FromSeconds(5) };

    /// <summary>GETs the version through the public server every 25 ms until stopped: every answer, in order.</summary>
    public async Task<IReadOnlyList<string>> WatchAsync(CancellationToken stop)
    {
        var seen = new List<string>();
        using var http = PublicClient();
        for (var i = 0; i < 20_000 && !stop.IsCancellationRequested; i++)
        {
            try
            {
                using var response = await http.GetAsync("/api/v1/version", CancellationToken.None);
                seen.Add(response.StatusCode == HttpStatusCode.OK ? response.Headers.GetValues("X-App-Version").Single() : $"HTTP {(int)response.StatusCode}");
            }
            catch (HttpRequestException e)
            {
                seen.Add("error: " + e.Message);
            }
            await Task.Delay(25, CancellationToken.None);
        }
        return seen;
    }

    static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
