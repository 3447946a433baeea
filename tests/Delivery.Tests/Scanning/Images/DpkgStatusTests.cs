using Delivery.Scanning.Images;

namespace Delivery.Tests.Scanning.Images;

public sealed class DpkgStatusTests
{
    const string Status = """
        Package: libzstd1
        Status: install ok installed
        Priority: optional
        Architecture: amd64
        Multi-Arch: same
        Source: libzstd
        Version: 1.5.7+dfsg-1
        Depends: libc6 (>= 2.14)
        Description: fast lossless compression algorithm
         Zstd, short for Zstandard, is a fast lossless compression algorithm.
         .
         This package contains the shared library.

        Package: bash
        Essential: yes
        Status: install ok installed
        Architecture: amd64
        Source: bash (5.2.37-2)
        Version: 5.2.37-2+b5

        Package: nano
        Status: deinstall ok config-files
        Architecture: amd64
        Version: 8.4-1
        Conffiles:
         /etc/nanorc 0a5f0a5f0a5f0a5f0a5f0a5f0a5f0a5f

        Package: vim-tiny
        Status: install reinstreq half-installed
        Architecture: amd64
        Version: 2:9.1.1230-2

        Package: tzdata
        Status: hold ok installed
        Architecture: all
        Version: 2025b-4+deb13u1
        """;

    [Fact]
    public void Only_packages_dpkg_reports_installed_are_listed_in_order()
    {
        var packages = DpkgStatus.Parse(Status);

        Assert.Equal(["libzstd1", "bash", "tzdata"], packages.Select(p => p.Name));
    }

    [Fact]
    public void A_package_without_a_source_field_is_its_own_source()
    {
        var tzdata = DpkgStatus.Parse(Status).Single(p => p.Name == "tzdata");

        Assert.Equal(new DpkgPackage("tzdata", "2025b-4+deb13u1", "all", "tzdata", "2025b-4+deb13u1"), tzdata);
    }

    [Fact]
    public void The_source_field_gives_the_source_name_and_its_own_version_for_a_binary_rebuild()
    {
        var packages = DpkgStatus.Parse(Status);

        Assert.Equal(new DpkgPackage("libzstd1", "1.5.7+dfsg-1", "amd64", "libzstd", "1.5.7+dfsg-1"), packages[0]);
        Assert.Equal(new DpkgPackage("bash", "5.2.37-2+b5", "amd64", "bash", "5.2.37-2"), packages[1]);
    }

    [Fact]
    public void Continuation_lines_never_become_fields()
    {
        const string status = "Package: a\nStatus: install ok installed\nVersion: 1\nDescription: x\n Version: 99\n Package: b\n";

        var package = Assert.Single(DpkgStatus.Parse(status));
        Assert.Equal(("a", "1"), (package.Name, package.Version));
    }

    [Fact]
    public void Crlf_line_ends_and_trailing_blank_lines_parse_the_same()
    {
        var packages = DpkgStatus.Parse(Status.Replace("\n", "\r\n") + "\r\n\r\n");

        Assert.Equal(3, packages.Count);
    }

    [Fact]
    public void An_empty_database_lists_nothing() => Assert.Empty(DpkgStatus.Parse(""));
}
