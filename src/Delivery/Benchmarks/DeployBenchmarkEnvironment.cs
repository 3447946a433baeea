using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BuildEngine.IO;
using Delivery.Audit;
using Delivery.Deployment;
using Delivery.Environments;
using Delivery.Execution;
using Delivery.Images;
using Docker.DotNet;
using ContainersListParameters = Docker.DotNet.Models.ContainersListParameters;
using Serilog;

namespace Delivery.Benchmarks;

/// <summary>
/// The benchmark's own environment on the local engine: compose/compose.yaml with compose/compose.bench.yaml as the
/// project <c>pazpaz-bench</c>, on 172.16.98.0/24 and free loopback ports, a throwaway certificate and database password
/// (on a tmpfs), and the real deploy engine with a ledger in the work directory. Images are the ones DockerBuild made,
/// rebuilt from cache under benchmark tags so another build meanwhile cannot swap them; each release is an api image
/// with its own version. Disposing takes the project down with its volumes and removes the secret and the certificate.
/// </summary>
public sealed class DeployBenchmarkEnvironment(AbsolutePath root, AbsolutePath workDirectory, IDockerClient docker, IReadOnlyList<ImageDefinition> images)
    : IDeployBenchmarkEnvironment, IAsyncDisposable
{
    public const string Project = "pazpaz-bench";
    const string Subnet = "172.16.98";
    const string ReleasePrefix = "bench-";
    static readonly ImageVersion BaseVersion = new("deploy-benchmark", "deploy-benchmark", "deploy-benchmark", "local", DateTimeOffset.UnixEpoch);

    readonly ProcessStepRunner _runner = new();
    readonly Dictionary<string, string> _baseImages = [];
    readonly List<string> _tags = [];
    Dictionary<string, string> _variables = [];
    ReleaseLedger _ledger = null!;
    int _releases;

    public Topology Topology { get; private set; } = null!;
    AbsolutePath SecretDirectory => SecretFiles.DefaultDirectory(Project);
    AbsolutePath CertificateDirectory => workDirectory / "tls";

    /// <summary>Brings the environment up with a first release (not measured) and returns it serving.</summary>
    public async Task<Release> StartAsync(Action<string> progress, CancellationToken cancellation = default)
    {
        workDirectory.CreateOrCleanDirectory();
        var (https, http, preview) = (FreePort(), FreePort(), FreePort());
        Topology = new Topology
        {
            Environment = "bench",
            Project = Project,
            Compose = ["docker", "compose", "-p", Project, "-f", root / "compose" / "compose.yaml", "-f", root / "compose" / "compose.bench.yaml"],
            BlueAddress = $"{Subnet}.10",
            GreenAddress = $"{Subnet}.11",
            HttpsPort = https,
            PreviewPort = preview,
        };
        WriteCertificate(CertificateDirectory);
        var secrets = SecretFiles.Write(new SecretValues(new Dictionary<string, string>
        {
            [SecretNames.DatabasePassword] = "bench-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
        }), SecretDirectory);
        _variables = new Dictionary<string, string>(secrets)
        {
            ["PAZPAZ_PUBLIC_ADDRESS"] = "127.0.0.1",
            ["PAZPAZ_HTTP_PORT"] = http.ToString(CultureInfo.InvariantCulture),
            ["PAZPAZ_HTTPS_PORT"] = https.ToString(CultureInfo.InvariantCulture),
            ["PAZPAZ_PREVIEW_PORT"] = preview.ToString(CultureInfo.InvariantCulture),
            ["PAZPAZ_EDGE_SUBNET"] = $"{Subnet}.0/24",
            ["PAZPAZ_EDGE_IP_RANGE"] = $"{Subnet}.128/25",
            ["PAZPAZ_EDGE_GATEWAY"] = $"{Subnet}.1",
            ["PAZPAZ_API_BLUE_IP"] = Topology.BlueAddress,
            ["PAZPAZ_API_GREEN_IP"] = Topology.GreenAddress,
            ["PAZPAZ_BENCH_TLS"] = CertificateDirectory,
        };
        // A run killed earlier leaves its project behind; the subnet and the names would clash.
        Down();
        _ledger = new ReleaseLedger(workDirectory / "ledger", "bench");

        foreach (var service in new[] { "web", "proxy", "postgres", "redis" })
        {
            progress($"image {service} (from the build cache)");
            var built = await new ImageBuilder(docker).BuildAsync(images.Single(i => i.Name == service), BaseVersion, BuildCertificates.ContextFiles(), cancellation: cancellation);
            _baseImages[service] = built.Tags[0];
        }
        var first = await NextReleaseAsync(cancellation);
        progress($"first deploy ({first.Version}): the environment comes up");
        await CreateDeployer(null, TimeSpan.FromSeconds(1), _ => { }).DeployAsync(new DeployRequest(first, "benchmark:" + Environment.UserName, "benchmark"), cancellation);
        return first;
    }

    public async Task<Release> NextReleaseAsync(CancellationToken cancellation)
    {
        var version = ReleasePrefix + Interlocked.Increment(ref _releases).ToString(CultureInfo.InvariantCulture);
        var built = await new ImageBuilder(docker).BuildAsync(images.Single(i => i.Name == "api"), BaseVersion with { SemVer = version },
            BuildCertificates.ContextFiles(), cancellation: cancellation);
        lock (_tags)
            _tags.Add(built.Tags[0]);
        return new Release(version, new Dictionary<string, string>(_baseImages) { ["api"] = built.Tags[0] });
    }

    public Deployer CreateDeployer(string? fault, TimeSpan bake, Action<AuditEvent> observe)
    {
        var variables = new Dictionary<string, string>(_variables) { ["PAZPAZ_FAULT"] = fault ?? "" };
        var planner = new DeploymentPlanner(Topology, variables, new Dictionary<string, string>());
        // The engine's defaults but the bake; the 10 s drain is what spreads the WebSockets' reconnects.
        var timings = new DeploymentTimings { Bake = bake };
        return new Deployer(planner, _runner, new LoopbackReleaseProbe(Topology), new ObservedAuditor(new NotifyingAuditor(_ledger, []), observe), timings)
        {
            CrashAfterPhase = null,
        };
    }

    public string QueryPostgres(string sql)
    {
        var answer = _runner.Probe(new DeploymentPlanner(Topology, new Dictionary<string, string>(), new Dictionary<string, string>()).QueryDatabase("Query PostgreSQL", sql));
        return answer.Succeeded ? answer.Output : throw new DeploymentException($"The query in {Project}-postgres-1 failed (exit {answer.ExitCode}): {answer.Output}");
    }

    public async Task<IReadOnlyDictionary<string, string>> ContainerNamesAsync(CancellationToken cancellation)
    {
        var containers = await docker.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"com.docker.compose.project={Project}"] = true } },
        }, cancellation);
        // pazpaz-bench-api-blue-1 is shown as api-blue; a one-off migrate run as migrate-run-<id>, shortened to migrate.
        return containers.ToDictionary(c => c.ID, c => ShortName(c.Names.FirstOrDefault() ?? c.ID), StringComparer.Ordinal);
    }

    internal static string ShortName(string name)
    {
        var trimmed = name.TrimStart('/');
        trimmed = trimmed.StartsWith(Project + "-", StringComparison.Ordinal) ? trimmed[(Project.Length + 1)..] : trimmed;
        var runIndex = trimmed.IndexOf("-run-", StringComparison.Ordinal);
        if (runIndex > 0)
            return trimmed[..runIndex];
        return trimmed.EndsWith("-1", StringComparison.Ordinal) ? trimmed[..^2] : trimmed;
    }

    public ValueTask DisposeAsync()
    {
        KeepPostgresLog();
        Down();
        _runner.Probe(Step.Run("Remove a left-over lock", "docker", "rm", "--force", $"{Project}-deploylock"));
        SecretFiles.Remove(SecretDirectory);
        CertificateDirectory.DeleteDirectory();
        lock (_tags)
            if (_tags.Count > 0)
                _runner.Probe(Step.Run("Remove the benchmark's api tags", ["docker", "image", "rm", .. _tags]));
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// PostgreSQL's log outlives the project in the work directory (postgres.log): its checkpoint lines (with each sync's
    /// time) and autovacuum lines are what the timeline's latency spikes are compared with when the host was not busy.
    /// </summary>
    void KeepPostgresLog()
    {
        if (Topology is null)
            return;
        var log = _runner.Probe(Step.Run("Keep PostgreSQL's log", "docker", "logs", "--timestamps", $"{Project}-postgres-1"));
        if (log.Succeeded)
            File.WriteAllText(workDirectory / "postgres.log", log.Output + "\n" + log.Errors);
    }

    /// <summary><c>down -v</c>; compose interpolates the files even to take a project down, so every required variable is given.</summary>
    void Down()
    {
        if (Topology is null)
            return;
        var images = new[] { "PROXY", "WEB", "POSTGRES", "REDIS", "MIGRATE", "API_BLUE", "API_GREEN" }.ToDictionary(n => $"PAZPAZ_{n}_IMAGE", _ => "unused");
        var step = new Step($"Take {Project} down with its volumes", [.. Topology.Compose, "down", "--volumes", "--remove-orphans", "--timeout", "10"], Timeout: TimeSpan.FromMinutes(3))
            .With(_variables.Concat(images).ToDictionary(p => p.Key, p => p.Value));
        var result = _runner.Probe(step);
        if (!result.Succeeded)
            Log.Warning("docker compose down for {Project} failed (exit {Code}): {Output}", Project, result.ExitCode, result.Output);
    }

    /// <summary>A self-signed certificate for the edge: the clients here skip verification, the proxy only needs a valid pair.</summary>
    static void WriteCertificate(AbsolutePath directory)
    {
        if (OperatingSystem.IsWindows())
            throw new PlatformNotSupportedException("The deploy benchmark bind-mounts files into a local Linux engine.");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=app.pazpaz.test", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("app.pazpaz.test");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        Directory.CreateDirectory(directory);
        File.WriteAllText(directory / "fullchain.pem", certificate.ExportCertificatePem() + "\n");
        File.WriteAllText(directory / "privkey.pem", key.ExportPkcs8PrivateKeyPem() + "\n");
        // The proxy reads them as its own uid through the bind mount; the key protects nothing but this throwaway edge.
        var readable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        File.SetUnixFileMode(directory / "fullchain.pem", readable);
        File.SetUnixFileMode(directory / "privkey.pem", readable);
        File.SetUnixFileMode(directory, readable | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
    }

    static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
