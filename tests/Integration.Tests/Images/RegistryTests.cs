using Delivery.Registry;
using Docker.DotNet.Models;

namespace Integration.Tests.Images;

/// <summary>The registry image, the embedded registry and push/pull by digest, on the real engine.</summary>
[Collection(DockerCollection.Name)]
public sealed class RegistryTests(DockerFixture docker)
{
    [Fact]
    public async Task Push_then_pull_by_digest_returns_the_same_image()
    {
        var pusher = new RegistryPusher(docker.Client, docker.Registry.Address, docker.Credentials);

        var pushed = await pusher.PushAsync("probe", docker.RegistryImage.Tags[0], "integration");
        await docker.Client.Images.DeleteImageAsync($"{pushed.Repository}:{pushed.Tag}", new ImageDeleteParameters());
        await docker.Client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = pushed.Reference },
            new AuthConfig { Username = docker.Credentials.Username, Password = docker.Credentials.Password, ServerAddress = docker.Registry.Address },
            new Progress<JSONMessage>());
        var pulled = await docker.Client.Images.InspectImageAsync(pushed.Reference);

        Assert.Matches("^sha256:[0-9a-f]{64}$", pushed.Digest);
        Assert.Equal(docker.RegistryImage.Id, pulled.ID);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_clearly_and_not_retried()
    {
        var pusher = new RegistryPusher(docker.Client, docker.Registry.Address, docker.Credentials with { Password = "wrong-password" })
        {
            Backoff = [TimeSpan.FromSeconds(30)],
        };
        var started = DateTime.UtcNow;

        var error = await Assert.ThrowsAsync<RegistryPushException>(() => pusher.PushAsync("probe", docker.RegistryImage.Tags[0], "refused"));

        Assert.False(error.Transient);
        Assert.Contains($"registry {docker.Registry.Address} refused the credentials of user 'pazpaz'", error.Message);
        Assert.Contains("--registry-password", error.Message);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(25), "a refused login must not be retried");
    }

    [Fact]
    public async Task The_registry_runs_as_a_fixed_non_root_user_read_only_and_healthy()
    {
        var container = await docker.Client.Containers.InspectContainerAsync(docker.Registry.ContainerName);

        Assert.Equal("10002:10002", container.Config!.User);
        Assert.Equal("healthy", container.State!.Health!.Status);
        var host = container.HostConfig!;
        Assert.True(host.ReadonlyRootfs);
        Assert.Equal(["ALL"], host.CapDrop!);
        Assert.Contains("no-new-privileges:true", host.SecurityOpt!);
        Assert.Equal("127.0.0.1", Assert.Single(host.PortBindings!["5000/tcp"]).HostIP);
    }

    [Fact]
    public async Task The_image_carries_the_oci_labels_and_its_version_tags()
    {
        var image = await docker.Client.Images.InspectImageAsync(docker.RegistryImage.Id);

        var labels = image.Config!.Labels!;
        Assert.Equal("integration", labels["org.opencontainers.image.revision"]);
        Assert.Equal("integration-test", labels["org.opencontainers.image.version"]);
        Assert.Contains("pazpaz/registry:sha-integration", image.RepoTags);
    }
}
