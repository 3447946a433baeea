using Delivery.Scanning.Sbom;

namespace Delivery.Tests.Scanning.Images;

public sealed class DebianCopyrightTests
{
    [Fact]
    public void A_machine_readable_file_gives_the_licenses_of_its_files_paragraphs_once_each()
    {
        const string copyright = """
            Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
            Upstream-Name: Zstd
            Source: https://github.com/facebook/zstd

            Files: *
            Copyright: Yann Collet
            License: BSD-3-clause or GPL-2

            Files: zlibWrapper/gz*.c
            Copyright: 2004 Mark Adler
            License: zlib

            Files: debian/*
            Copyright: 2016 Debian
            License: BSD-3-clause or GPL-2

            License: zlib
             This software is provided 'as-is', without any express or implied
             License: not-a-license-line
            """;

        Assert.Equal(["BSD-3-clause or GPL-2", "zlib"], DebianCopyright.Licenses(copyright));
    }

    [Fact]
    public void A_free_form_file_gives_no_guess() =>
        Assert.Empty(DebianCopyright.Licenses("This is Debian's prepackaged version of bash.\n\nLicense: GPL-3+\n"));
}
