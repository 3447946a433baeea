using BuildEngine.IO;
using Delivery.Images;

namespace Delivery.Tests.Images;

public sealed class ImageDefinitionTests : IDisposable
{
    readonly AbsolutePath _root = AbsolutePath.Create(Directory.CreateTempSubdirectory("repo-").FullName);

    public ImageDefinitionTests()
    {
        (_root / "src" / "images" / "proxy" / "Dockerfile").WriteAllText("FROM debian:trixie-slim\n");
        (_root / "src" / "services" / "api" / "Dockerfile").WriteAllText("FROM debian:trixie-slim\n");
        (_root / "src" / "images" / "base" / "trim-rootfs.sh").WriteAllText("#!/bin/sh\n");
        (_root / "nginx" / "nginx.conf").WriteAllText("events {}\n");
    }

    [Fact]
    public void Every_folder_with_a_dockerfile_is_an_image_and_may_carry_shared_folders()
    {
        (_root / "src" / "images" / "proxy" / ImageDefinition.SharedContextFile).WriteAllText("# the edge configuration\nnginx/\n");

        var images = ImageDefinition.Discover(_root);

        Assert.Equal(["api", "proxy"], images.Select(i => i.Name));
        Assert.Empty(images[0].SharedFolders);
        Assert.Equal(new SharedFolder("nginx", _root / "nginx"), Assert.Single(images[1].SharedFolders));
    }

    [Theory]
    [InlineData("../outside")]
    [InlineData("missing")]
    public void A_shared_folder_outside_the_repository_or_missing_is_refused_by_name(string line)
    {
        (_root / "src" / "images" / "proxy" / ImageDefinition.SharedContextFile).WriteAllText(line + "\n");

        var error = Assert.Throws<InvalidOperationException>(() => ImageDefinition.Discover(_root));

        Assert.Contains($"'{line}' is not a folder of this repository", error.Message);
    }

    public void Dispose() => _root.DeleteDirectory();
}
