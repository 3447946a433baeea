using System.Text.Json;
using BuildEngine.IO;
using Delivery.Scanning;
using Delivery.Scanning.Sbom;
using Integration.Tests.Images;

namespace Integration.Tests.Scanning;

/// <summary>The SBOM of a real project image lists its Debian packages with purls, read from the image without running it.</summary>
[Collection(DockerCollection.Name)]
public sealed class ImageSbomGeneratorTests(DockerFixture docker)
{
    [Fact]
    public async Task The_registry_image_sbom_lists_its_debian_packages_with_purls_and_licenses()
    {
        var reference = docker.RegistryImage.Tags[0];
        var target = new ScanTarget(docker.WorkDirectory, [new("registry", reference)], docker.WorkDirectory / "artifacts");

        var written = Assert.Single(await new ImageSbomGenerator(docker.Client).GenerateAsync(target, _ => { }));

        Assert.Equal(target.SbomDirectory / "registry.cdx.json", written.File);
        using var bom = JsonDocument.Parse(written.File.ReadAllText());
        var root = bom.RootElement;
        Assert.Equal(("CycloneDX", "1.5"), (root.GetProperty("bomFormat").GetString(), root.GetProperty("specVersion").GetString()));
        Assert.Equal(reference.Split(':')[0], root.GetProperty("metadata").GetProperty("component").GetProperty("name").GetString());
        var packages = root.GetProperty("components").EnumerateArray().Where(c => c.GetProperty("type").GetString() == "library").ToList();
        Assert.True(packages.Count > 50, $"Only {packages.Count} packages listed; a Debian trixie image has more than 50.");
        Assert.Equal(written.Packages, packages.Count);
        var libc = Assert.Single(packages, p => p.GetProperty("name").GetString() == "libc6");
        Assert.StartsWith("pkg:deb/debian/libc6@", libc.GetProperty("purl").GetString(), StringComparison.Ordinal);
        Assert.Matches(@"\?arch=[a-z0-9]+&distro=debian-13$", libc.GetProperty("purl").GetString());
        Assert.True(packages.Count(p => p.TryGetProperty("licenses", out _)) > packages.Count / 2, "Most Debian packages ship a machine-readable copyright file.");
        Assert.Contains(root.GetProperty("components").EnumerateArray(), c => c.GetProperty("type").GetString() == "operating-system");
    }
}
