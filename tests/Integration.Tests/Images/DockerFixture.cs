using BuildEngine.IO;
using Delivery.Docker;
using Delivery.Execution;
using Delivery.Images;
using Delivery.Registry;
using Docker.DotNet;
using Docker.DotNet.Models;
using Integration.Tests.Bootstrap;

namespace Integration.Tests.Images;

/// <summary>
/// A real engine with the base image, the registry image built from this repository, and a throwaway authenticated
/// registry on a free loopback port (never the developer's embedded one). Names carry this process's id, so two runs
/// on one engine (a developer's and CI's) leave each other alone; leftovers of a run that no longer exists are swept first.
/// </summary>
public sealed partial class DockerFixture : IAsyncLifetime
{
    const string SharedPrefix = "pazpaz-it-";
    static readonly string Prefix = $"{SharedPrefix}{Environment.ProcessId}-";
    public static readonly ImageVersion Version = new("integration-test", "integration", "integration", "local", DateTimeOffset.UnixEpoch);

    public DockerClient Client { get; private set; } = null!;
    public AbsolutePath WorkDirectory { get; } = AbsolutePath.Create(Directory.CreateTempSubdirectory(Prefix).FullName);
    public RegistryCredentials Credentials { get; private set; } = null!;
    public EmbeddedRegistrySettings Registry { get; private set; } = null!;
    public BuiltImage RegistryImage { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var status = DockerEngineStatus.Probe();
        if (!status.Reachable)
            throw new InvalidOperationException($"These tests need a Docker engine ({status.Error}). Run them through ./build.sh Test, which starts one (EnsureDocker).");
        Environment.SetEnvironmentVariable("DOCKER_API_VERSION", status.ApiVersion);
        Client = DockerClients.Create();
        await SweepAsync();

        var root = AbsolutePath.Create(RepositoryCopy.SourceRoot);
        new BaseImageBootstrapper(new BaseImageSettings(WorkDirectory / "base", root / "src" / "images" / "base" / "trim-rootfs.sh", DebianMirror.FromHost()),
            new ProcessStepRunner()).Ensure();
        RegistryImage = await new ImageBuilder(Client).BuildAsync(new ImageDefinition("registry", root / "src" / "images" / "registry"), Version);

        Credentials = RegistryCredentials.LoadOrCreateEmbedded(WorkDirectory / "registry");
        Registry = new EmbeddedRegistrySettings(RegistryImage.Tags[0], WorkDirectory / "registry" / "htpasswd")
        {
            ContainerName = Prefix + "registry",
            DataVolume = Prefix + "registry-data",
            Port = FreePort(),
        };
        await new EmbeddedRegistry(Client, Registry).EnsureRunningAsync();
    }

    readonly Dictionary<string, BuiltImage> _built = [];

    /// <summary>Builds an image of this repository once per test run (layers are cached by the engine across runs).</summary>
    public async Task<BuiltImage> BuildAsync(string name)
    {
        if (_built.TryGetValue(name, out var built))
            return built;
        var definition = ImageDefinition.Discover(AbsolutePath.Create(RepositoryCopy.SourceRoot)).Single(i => i.Name == name);
        return _built[name] = await new ImageBuilder(Client).BuildAsync(definition, Version, BuildCertificates.ContextFiles());
    }

    /// <summary>Runs an image the way compose will: read-only root, no capabilities, no privilege gain, tmpfs for scratch.</summary>
    public async Task<RunningContainer> RunAsync(ContainerSpec spec)
    {
        var published = spec.PublishPorts.ToDictionary(p => p, _ => FreePort());
        var created = await Client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = Prefix + spec.Name,
            Image = spec.Image,
            Env = spec.Environment.ToList(),
            Cmd = spec.Command?.ToList()!,
            User = spec.User!,
            ExposedPorts = published.Count == 0 ? null : published.Keys.ToDictionary(p => $"{p}/tcp", _ => default(EmptyStruct)),
            HostConfig = new HostConfig
            {
                ReadonlyRootfs = true,
                CapDrop = ["ALL"],
                SecurityOpt = ["no-new-privileges:true"],
                Tmpfs = spec.Tmpfs.ToDictionary(t => t, _ => "rw,noexec,nosuid,size=64m"),
                Mounts = spec.Mounts.ToList(),
                Memory = 512 * 1024 * 1024,
                PidsLimit = 200,
                NetworkMode = spec.Network is null ? null! : Prefix + spec.Network,
                ExtraHosts = spec.ExtraHosts.ToList(),
                PortBindings = published.Count == 0 ? null! : published.ToDictionary(p => $"{p.Key}/tcp",
                    p => (IList<PortBinding>)[new PortBinding { HostIP = "127.0.0.1", HostPort = p.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) }]),
            },
            NetworkingConfig = spec.Network is null ? null : new NetworkingConfig
            {
                EndpointsConfig = new Dictionary<string, EndpointSettings> { [Prefix + spec.Network] = new EndpointSettings { Aliases = spec.Alias is null ? [] : [spec.Alias] } },
            },
        });
        await Client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters());
        return new RunningContainer(created.ID, published);
    }

    /// <summary>The engine-wide name of a test resource (container, network, volume) called <paramref name="name"/> here.</summary>
    public static string NameOf(string name) => Prefix + name;

    public async Task CreateNetworkAsync(string name) =>
        await Client.Networks.CreateNetworkAsync(new NetworksCreateParameters { Name = Prefix + name, Labels = new Dictionary<string, string> { ["org.pazpaz.test"] = "true" } });

    public async Task<string> LogsAsync(string containerId)
    {
        using var stream = await Client.Containers.GetContainerLogsAsync(containerId, new ContainerLogsParameters { ShowStdout = true, ShowStderr = true });
        var (stdout, stderr) = await stream.ReadOutputToEndAsync(CancellationToken.None);
        return stdout + stderr;
    }

    public async Task<string> WaitForHealthAsync(string containerId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var state = (await Client.Containers.InspectContainerAsync(containerId)).State!;
            var health = state.Health?.Status ?? "none";
            if (health is "healthy" or "unhealthy" || !state.Running || DateTime.UtcNow > deadline)
                return state.Running ? health : $"exited ({state.ExitCode})";
            await Task.Delay(500);
        }
    }

    public async Task DisposeAsync()
    {
        await SweepAsync();
        // Secret files the deploy tests wrote on a tmpfs (SecretFiles) go with the environments that used them.
        foreach (var root in new[] { "/run/pazpaz", "/dev/shm/pazpaz" }.Where(Directory.Exists))
            foreach (var directory in Directory.GetDirectories(root, Prefix + "*"))
                Directory.Delete(directory, recursive: true);
        Client.Dispose();
        WorkDirectory.DeleteDirectory();
    }

    async Task SweepAsync()
    {
        var containers = await Client.Containers.ListContainersAsync(new ContainersListParameters { All = true });
        foreach (var container in containers.Where(c => c.Names.Any(n => IsOursOrOrphaned(n.TrimStart('/')))))
            await Client.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true });
        var networks = await Client.Networks.ListNetworksAsync(new NetworksListParameters());
        foreach (var network in networks.Where(n => IsOursOrOrphaned(n.Name)))
            await Client.Networks.DeleteNetworkAsync(network.ID);
        var volumes = await Client.Volumes.ListAsync(CancellationToken.None);
        foreach (var volume in (volumes.Volumes ?? []).Where(v => IsOursOrOrphaned(v.Name)))
            await Client.Volumes.RemoveAsync(volume.Name, force: true);
    }

    /// <summary>This run's resources, and those of a run whose process is gone (or that predate process ids in names).</summary>
    static bool IsOursOrOrphaned(string name)
    {
        if (!name.StartsWith(SharedPrefix, StringComparison.Ordinal))
            return false;
        if (name.StartsWith(Prefix, StringComparison.Ordinal))
            return true;
        var owner = OwnerProcess().Match(name);
        return !owner.Success || !IsAlive(int.Parse(owner.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    static bool IsAlive(int processId)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^pazpaz-it-(\d+)-")]
    private static partial System.Text.RegularExpressions.Regex OwnerProcess();

    static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}

public sealed record ContainerSpec(string Name, string Image)
{
    public IReadOnlyList<string> Tmpfs { get; init; } = ["/tmp"];
    public IReadOnlyList<Mount> Mounts { get; init; } = [];
    public IReadOnlyList<string> Environment { get; init; } = [];
    public IReadOnlyList<string>? Command { get; init; }
    public string? Network { get; init; }
    public string? Alias { get; init; }

    public IReadOnlyList<string> ExtraHosts { get; init; } = [];
    public string? User { get; init; }

    /// <summary>A container port to publish on a free loopback port.</summary>
    public int? PublishPort { get => PublishPorts.Count == 0 ? null : PublishPorts[0]; init => PublishPorts = value is { } port ? [port] : []; }

    /// <summary>Container ports to publish, each on a free loopback port.</summary>
    public IReadOnlyList<int> PublishPorts { get; init; } = [];
}

/// <summary>A started container and the loopback port each published container port landed on.</summary>
public sealed record RunningContainer(string Id, IReadOnlyDictionary<int, int> Ports)
{
    /// <summary>The host port of the first (usually only) published port.</summary>
    public int? HostPort => Ports.Count == 0 ? null : Ports.Values.First();
}

/// <summary>One engine fixture for every Docker test class: they share the built images and the test registry.</summary>
[CollectionDefinition(Name)]
public sealed class DockerCollection : ICollectionFixture<DockerFixture>
{
    public const string Name = "Docker";
}
