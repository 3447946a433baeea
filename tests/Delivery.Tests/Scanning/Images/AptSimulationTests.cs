using Delivery.Scanning.Images;

namespace Delivery.Tests.Scanning.Images;

public sealed class AptSimulationTests
{
    // Captured from `apt-get -s dist-upgrade` in debian:trixie-slim (apt 3.0), with a point-release line and a new
    // dependency added for contrast.
    const string Output = """
        NOTE: This is only a simulation!
              apt-get needs root privileges for real execution.
        Reading package lists...
        Building dependency tree...
        Calculating upgrade...
        The following packages will be upgraded:
          libzstd1 login.defs passwd tzdata
        Inst libzstd1 [1.5.7+dfsg-1] (1.5.7+dfsg-1+deb13u1 Debian-Security:13/stable-security [amd64])
        Inst login.defs [1:4.17.4-2] (1:4.17.4-2+deb13u1 Debian-Security:13/stable-security [all])
        Inst passwd [1:4.17.4-2] (1:4.17.4-2+deb13u1 Debian-Security:13/stable-security [amd64]) []
        Inst tzdata [2025b-4] (2025b-4+deb13u1 Debian:13.2/stable [all])
        Inst libnew1 (1.0-1 Debian:13.2/stable [amd64])
        Conf libzstd1 (1.5.7+dfsg-1+deb13u1 Debian-Security:13/stable-security [amd64])
        Remv oldpkg [2.0-1]
        """;

    [Fact]
    public void Every_upgrade_of_an_installed_package_is_read_with_its_versions_and_releases()
    {
        var upgrades = AptSimulation.ParseUpgrades(Output);

        Assert.Equal(["libzstd1", "login.defs", "passwd", "tzdata"], upgrades.Select(u => u.Package));
        var loginDefs = upgrades[1];
        Assert.Equal(("1:4.17.4-2", "1:4.17.4-2+deb13u1", "all"), (loginDefs.InstalledVersion, loginDefs.CandidateVersion, loginDefs.Architecture));
        Assert.Equal(["Debian-Security:13/stable-security"], loginDefs.Releases);
    }

    [Fact]
    public void Only_upgrades_from_a_security_archive_count_as_security_updates()
    {
        var security = AptSimulation.ParseUpgrades(Output).Where(u => u.FromSecuritySuite).Select(u => u.Package);

        Assert.Equal(["libzstd1", "login.defs", "passwd"], security);
    }

    [Fact]
    public void A_version_published_in_several_releases_is_security_when_any_of_them_is()
    {
        var upgrade = Assert.Single(AptSimulation.ParseUpgrades(
            "Inst libssl3t64 [3.5.1-1] (3.5.1-1+deb13u1 Debian:13.2/stable, Debian-Security:13/stable-security [amd64])"));

        Assert.Equal(["Debian:13.2/stable", "Debian-Security:13/stable-security"], upgrade.Releases);
        Assert.True(upgrade.FromSecuritySuite);
    }

    [Fact]
    public void A_foreign_architecture_package_is_named_without_its_architecture()
    {
        var upgrade = Assert.Single(AptSimulation.ParseUpgrades(
            "Inst libc6:i386 [2.41-12] (2.41-12+deb13u1 Debian-Security:13/stable-security [i386])"));

        Assert.Equal(("libc6", "i386"), (upgrade.Package, upgrade.Architecture));
    }

    [Fact]
    public void Nothing_to_upgrade_reads_as_no_upgrades() =>
        Assert.Empty(AptSimulation.ParseUpgrades("Reading package lists...\n0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n"));
}
