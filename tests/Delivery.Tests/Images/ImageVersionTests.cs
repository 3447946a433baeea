using BuildEngine.IO;
using Delivery.Images;

namespace Delivery.Tests.Images;

public sealed class ImageVersionTests
{
    [Fact]
    public void Tags_and_oci_labels_tie_an_image_to_its_version_and_commit()
    {
        var version = new ImageVersion("1.4.0-3", "abc1234", "abc1234def", "https://github.com/org/repo", new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.FromHours(2)));
        var image = new ImageDefinition("api", AbsolutePath.Create("/repo/src/services/api"));

        Assert.Equal(["pazpaz/api:1.4.0-3", "pazpaz/api:sha-abc1234"], version.Tags(image));
        Assert.Equal("2026-11-27T08:00:00Z", version.Labels["org.opencontainers.image.created"]);
        Assert.Equal("abc1234def", version.Labels["org.opencontainers.image.revision"]);
        Assert.Equal("1.4.0-3", version.Labels["org.opencontainers.image.version"]);
        Assert.Equal("https://github.com/org/repo", version.Labels["org.opencontainers.image.source"]);
    }

    [Fact]
    public void Images_are_the_folders_with_a_dockerfile()
    {
        var root = AbsolutePath.Create(Directory.CreateTempSubdirectory("images-").FullName);
        try
        {
            (root / "src" / "images" / "registry" / "Dockerfile").WriteAllText("FROM debian:trixie-slim\n");
            (root / "src" / "images" / "base" / "trim-rootfs.sh").WriteAllText("#!/bin/sh\n");
            (root / "src" / "services" / "api" / "Dockerfile").WriteAllText("FROM debian:trixie-slim\n");

            Assert.Equal(["api", "registry"], ImageDefinition.Discover(root).Select(i => i.Name));
        }
        finally
        {
            root.DeleteDirectory();
        }
    }
}
