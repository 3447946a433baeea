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
