using System.Text.Json;
using Delivery.Scanning.Sbom;

namespace Delivery.Tests.Scanning.Images;

public sealed class CycloneDxWriterTests
{
    static readonly SbomDocument Document = new(
        new SbomComponent("container", "pazpaz/api", "0.1.0-1") { BomRef = "sha256:abc", Hashes = [("SHA-256", "abc")] },
        [
            new SbomComponent("operating-system", "debian", "13") { BomRef = "os:debian-13", Description = "Debian GNU/Linux 13 (trixie)" },
            new SbomComponent("library", "passwd", "1:4.17.4-2")
            {
                BomRef = "pkg:deb/debian/passwd@1%3A4.17.4-2?arch=amd64&distro=debian-13",
                Purl = "pkg:deb/debian/passwd@1%3A4.17.4-2?arch=amd64&distro=debian-13",
                Licenses = ["GPL-2+"],
                Properties = [("debian:source", "shadow")],
            },
        ],
        new DateTimeOffset(2026, 11, 27, 15, 0, 0, TimeSpan.FromHours(1)),
        Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"));

    static JsonElement Written => JsonDocument.Parse(CycloneDxWriter.Write(Document)).RootElement;

    [Fact]
    public void The_document_is_cyclonedx_1_5_with_a_uuid_serial_and_version_1()
    {
        var bom = Written;

        Assert.Equal("CycloneDX", bom.GetProperty("bomFormat").GetString());
        Assert.Equal("1.5", bom.GetProperty("specVersion").GetString());
        Assert.Equal("urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e", bom.GetProperty("serialNumber").GetString());
        Assert.Equal(1, bom.GetProperty("version").GetInt32());
    }

    [Fact]
    public void The_metadata_names_the_image_as_subject_and_the_time_in_utc()
    {
        var metadata = Written.GetProperty("metadata");

        Assert.Equal("2026-11-27T14:00:00Z", metadata.GetProperty("timestamp").GetString());
        var subject = metadata.GetProperty("component");
        Assert.Equal(("container", "pazpaz/api", "0.1.0-1"), (subject.GetProperty("type").GetString(), subject.GetProperty("name").GetString(), subject.GetProperty("version").GetString()));
        Assert.Equal("SHA-256", subject.GetProperty("hashes")[0].GetProperty("alg").GetString());
        Assert.Equal("pazpaz-delivery", metadata.GetProperty("tools").GetProperty("components")[0].GetProperty("name").GetString());
    }

    [Fact]
    public void Each_component_carries_its_purl_license_names_and_properties()
    {
        var components = Written.GetProperty("components");

        Assert.Equal(2, components.GetArrayLength());
        var passwd = components[1];
        Assert.Equal("library", passwd.GetProperty("type").GetString());
        Assert.Equal(passwd.GetProperty("purl").GetString(), passwd.GetProperty("bom-ref").GetString());
        Assert.Equal("GPL-2+", passwd.GetProperty("licenses")[0].GetProperty("license").GetProperty("name").GetString());
        Assert.Equal("shadow", passwd.GetProperty("properties")[0].GetProperty("value").GetString());
        Assert.False(components[0].TryGetProperty("purl", out _));
    }

    [Fact]
    public void Purls_stay_readable_in_the_file() =>
        Assert.Contains("\"purl\": \"pkg:deb/debian/passwd@1%3A4.17.4-2?arch=amd64&distro=debian-13\"", CycloneDxWriter.Write(Document), StringComparison.Ordinal);
}
