using BuildEngine.IO;
using Delivery.Images;

namespace Delivery.Tests.Images;

public sealed class BaseImageTests
{
    [Fact]
    public void The_mirror_comes_from_deb822_sources_skipping_third_party_repositories()
    {
        var mirror = DebianMirror.FromAptSources([
            "Types: deb\nURIs: http://mirror.example/debian\nSuites: bookworm bookworm-updates\n\nTypes: deb\nURIs: http://mirror.example/debian-security\nSuites: bookworm-security\n",
            "Types: deb\nURIs: https://packages.example.com/node_20.x\nSuites: nodistro\n",
        ]);

        Assert.Equal(new DebianMirror("http://mirror.example/debian", "http://mirror.example/debian-security"), mirror);
    }

    [Fact]
    public void The_mirror_comes_from_one_line_sources_too()
    {
        var mirror = DebianMirror.FromAptSources(["# comment\ndeb [arch=amd64] http://ftp.example.org/debian/ bookworm main\n"]);

        Assert.Equal(new DebianMirror("http://ftp.example.org/debian", "http://ftp.example.org/debian-security"), mirror);
    }

    [Fact]
    public void No_debian_archive_is_a_clear_error()
    {
        var error = Assert.Throws<InvalidOperationException>(() => DebianMirror.FromAptSources(["deb http://example.org/ubuntu noble main"]));

        Assert.Contains("name no Debian archive", error.Message);
    }

    [Fact]
    public void The_offline_plan_bootstraps_trims_imports_and_cleans_up()
    {
        var settings = new BaseImageSettings(AbsolutePath.Create("/repo/.nuke/temp/base"), AbsolutePath.Create("/repo/src/images/base/trim-rootfs.sh"),
            new DebianMirror("http://mirror.example/debian", "http://mirror.example/debian-security"));

        var plan = BaseImagePlanner.Debootstrap(settings, hasDebootstrap: true);

        Assert.Equal(
        [
            "rm -rf /repo/.nuke/temp/base/rootfs-trixie",
            "debootstrap --variant=minbase trixie /repo/.nuke/temp/base/rootfs-trixie http://mirror.example/debian",
            "bash /repo/src/images/base/trim-rootfs.sh /repo/.nuke/temp/base/rootfs-trixie trixie http://mirror.example/debian http://mirror.example/debian-security",
            "bash -c 'tar -C \"$1\" -c . | docker import --change '\\''CMD [\"bash\"]'\\'' - \"$2\"' import /repo/.nuke/temp/base/rootfs-trixie debian:trixie-slim",
            "rm -rf /repo/.nuke/temp/base/rootfs-trixie",
        ], plan.Steps.Select(s => s.ToString()));
        Assert.Equal(["apt-get update -qq", "env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap"],
            BaseImagePlanner.Debootstrap(settings, hasDebootstrap: false).Steps.Take(2).Select(s => s.ToString()));
    }
}
