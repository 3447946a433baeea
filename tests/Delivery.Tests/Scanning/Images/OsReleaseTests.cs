using Delivery.Scanning.Images;

namespace Delivery.Tests.Scanning.Images;

public sealed class OsReleaseTests
{
    [Fact]
    public void Quoted_and_bare_values_are_read()
    {
        var release = OsRelease.Parse("""
            PRETTY_NAME="Debian GNU/Linux 13 (trixie)"
            NAME="Debian GNU/Linux"
            VERSION_ID="13"
            VERSION_CODENAME=trixie
            ID=debian
            """);

        Assert.Equal(new OsRelease("debian", "13", "trixie", "Debian GNU/Linux 13 (trixie)"), release);
    }

    [Fact]
    public void A_missing_file_reads_as_an_unknown_release() => Assert.Equal(new OsRelease("", "", "", ""), OsRelease.Parse(""));
}
