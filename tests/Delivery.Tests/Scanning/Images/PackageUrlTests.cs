using Delivery.Scanning.Sbom;

namespace Delivery.Tests.Scanning.Images;

public sealed class PackageUrlTests
{
    [Theory]
    [InlineData("libc6", "2.41-12", "amd64", "pkg:deb/debian/libc6@2.41-12?arch=amd64&distro=debian-13")]
    [InlineData("passwd", "1:4.17.4-2", "amd64", "pkg:deb/debian/passwd@1%3A4.17.4-2?arch=amd64&distro=debian-13")]
    [InlineData("libzstd1", "1.5.7+dfsg-1+deb13u1", "amd64", "pkg:deb/debian/libzstd1@1.5.7%2Bdfsg-1%2Bdeb13u1?arch=amd64&distro=debian-13")]
    [InlineData("tzdata", "2025b-4~bpo1", "all", "pkg:deb/debian/tzdata@2025b-4~bpo1?arch=all&distro=debian-13")]
    public void Debian_packages_get_percent_encoded_versions(string name, string version, string arch, string expected) =>
        Assert.Equal(expected, PackageUrl.Deb(name, version, arch, "debian-13"));
}
