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
/// registry on a free loopback port (never the developer's embedded one). Leftovers of a killed run are swept first.
/// </summary>
public sealed class DockerFixture : IAsyncLifetime
{
    const string Prefix = "pazpaz-it-";
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
        return _built[name] = await new ImageBuilder(Client).BuildAsync(definition, Version);
    }

    /// <summary>Runs an image the way compose will: read-only root, no capabilities, no privilege gain, tmpfs for scratch.</summary>
    public async Task<string> RunHardenedAsync(string name, string image, IReadOnlyList<string> tmpfs, IReadOnlyList<Mount>? mounts = null, IReadOnlyList<string>? environment = null)
    {
        var created = await Client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = Prefix + name,
            Image = image,
            Env = environment?.ToList() ?? [],
            HostConfig = new HostConfig
            {
                ReadonlyRootfs = true,
                CapDrop = ["ALL"],
                SecurityOpt = ["no-new-privileges:true"],
                Tmpfs = tmpfs.ToDictionary(t => t, _ => "rw,noexec,nosuid,size=64m"),
                Mounts = mounts?.ToList(),
                Memory = 512 * 1024 * 1024,
                PidsLimit = 200,
            },
        });
        await Client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters());
        return created.ID;
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
        Client.Dispose();
        WorkDirectory.DeleteDirectory();
    }

    async Task SweepAsync()
    {
        var containers = await Client.Containers.ListContainersAsync(new ContainersListParameters { All = true });
        foreach (var container in containers.Where(c => c.Names.Any(n => n.StartsWith("/" + Prefix, StringComparison.Ordinal))))
            await Client.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true });
        var volumes = await Client.Volumes.ListAsync(CancellationToken.None);
        foreach (var volume in (volumes.Volumes ?? []).Where(v => v.Name.StartsWith(Prefix, StringComparison.Ordinal)))
            await Client.Volumes.RemoveAsync(volume.Name, force: true);
    }

    static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>One engine fixture for every Docker test class: they share the built images and the test registry.</summary>
[CollectionDefinition(Name)]
public sealed class DockerCollection : ICollectionFixture<DockerFixture>
{
    public const string Name = "Docker";
}
