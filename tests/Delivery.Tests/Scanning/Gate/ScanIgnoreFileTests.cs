using BuildEngine.IO;
using Delivery.Scanning;
using Delivery.Scanning.Gate;

namespace Delivery.Tests.Scanning.Gate;

public sealed class ScanIgnoreFileTests
{
    static Finding At(string id, string location) => new()
    {
        Scanner = "trivy", Id = id, Kind = FindingKind.Vulnerability, Severity = Severity.High, Location = location, Message = "m",
    };

    [Fact]
    public void Entries_carry_id_expiry_scope_reason_and_line_and_comments_are_skipped()
    {
        var file = ScanIgnoreFile.Parse("""
            # Waivers for the scan gate. Format: ID exp:YYYY-MM-DD [path:SCOPE] # reason

            CVE-2023-45853 exp:2027-01-31 # MiniZip is not built into Debian's zlib1g; Debian will not fix
              DS002   exp:2026-12-01   path:./src/images/proxy/  #  nginx master must start as root to bind; workers drop to nginx
            """);

        Assert.Empty(file.Errors);
        Assert.Equal(2, file.Entries.Count);
        Assert.Equal(new ScanIgnoreEntry("CVE-2023-45853", new DateOnly(2027, 1, 31), "MiniZip is not built into Debian's zlib1g; Debian will not fix", null, 3), file.Entries[0]);
        Assert.Equal(new ScanIgnoreEntry("DS002", new DateOnly(2026, 12, 1), "nginx master must start as root to bind; workers drop to nginx", "src/images/proxy", 4), file.Entries[1]);
        Assert.Equal("DS002 exp:2026-12-01 path:src/images/proxy # nginx master must start as root to bind; workers drop to nginx", file.Entries[1].ToString());
    }

    [Fact]
    public void An_entry_without_a_reason_is_an_error_naming_the_line_and_the_fix()
    {
        var file = ScanIgnoreFile.Parse("CVE-2023-45853 exp:2027-01-31 # fine\nCVE-2025-8194 exp:2027-01-31\nCVE-2025-0001 exp:2027-01-31 #   \n");

        Assert.Single(file.Entries);
        Assert.Equal([2, 3], file.Errors.Select(e => e.Line));
        Assert.Equal(
            ".scanignore:2: 'CVE-2025-8194 exp:2027-01-31': it has no reason: add '# <why it is acceptable, and what tracks the fix>' at the end. " +
            "Write it as: CVE-2025-1234 exp:2027-01-31 # <why this is acceptable until then>",
            file.Errors[0].ToString());
    }

    [Fact]
    public void An_entry_without_an_expiry_or_with_a_date_that_does_not_exist_is_an_error()
    {
        var file = ScanIgnoreFile.Parse("CVE-2025-8194 # we will look at it\nCVE-2025-8195 exp:2027-02-30 # typo\nCVE-2025-8196 exp:31.01.2027 # wrong format\n");

        Assert.Empty(file.Entries);
        Assert.Contains("it has no expiry: add exp:YYYY-MM-DD, the first day the waiver no longer applies", file.Errors[0].Problem);
        Assert.Contains("'exp:2027-02-30' is not a date; write exp:YYYY-MM-DD", file.Errors[1].Problem);
        Assert.Contains("'exp:31.01.2027' is not a date", file.Errors[2].Problem);
        Assert.DoesNotContain("no expiry", file.Errors[1].Problem);
    }

    [Fact]
    public void Unknown_fields_a_missing_id_and_repeated_fields_are_errors()
    {
        var file = ScanIgnoreFile.Parse(
            "CVE-2025-8194 exp:2027-01-31 until-fixed # r\n" +
            "exp:2027-01-31 # no id\n" +
            "CVE-2025-8194 exp:2027-01-31 exp:2027-03-01 # r\n" +
            "CVE-2025-8194 exp:2027-01-31 path:/etc # r\n");

        Assert.Empty(file.Entries);
        Assert.Contains("'until-fixed' is not a field this file knows", file.Errors[0].Problem);
        Assert.Contains("it must start with the finding's id", file.Errors[1].Problem);
        Assert.Contains("it has more than one exp:", file.Errors[2].Problem);
        Assert.Contains("'path:/etc' is not a scope", file.Errors[3].Problem);
    }

    [Fact]
    public void A_scope_covers_an_image_repository_with_any_tag_and_a_folder_with_everything_below_it()
    {
        var image = ScanIgnoreFile.Parse("CVE-1 exp:2027-01-31 path:pazpaz/api # r").Entries[0];
        var folder = ScanIgnoreFile.Parse("DS002 exp:2027-01-31 path:src/images # r").Entries[0];
        var everywhere = ScanIgnoreFile.Parse("cve-1 exp:2027-01-31 # ids compare without case").Entries[0];

        Assert.True(image.Matches(At("CVE-1", "pazpaz/api:0.1.0-1")));
        Assert.True(image.Matches(At("CVE-1", "pazpaz/api@sha256:0a1b")));
        Assert.False(image.Matches(At("CVE-1", "pazpaz/api-worker:0.1.0-1")));
        Assert.False(image.Matches(At("CVE-2", "pazpaz/api:0.1.0-1")));
        Assert.True(folder.Matches(At("DS002", "src/images/proxy/Dockerfile")));
        Assert.False(folder.Matches(At("DS002", "src/imagesX/Dockerfile")));
        Assert.True(everywhere.Matches(At("CVE-1", "pazpaz/web:0.1.0-1")));
    }

    [Fact]
    public void The_expiry_date_is_the_first_day_an_entry_no_longer_applies_as_trivy_reads_it()
    {
        var entry = ScanIgnoreFile.Parse("CVE-1 exp:2027-01-31 # r").Entries[0];

        Assert.False(entry.IsExpired(new DateOnly(2027, 1, 30)));
        Assert.True(entry.IsExpired(new DateOnly(2027, 1, 31)));
    }

    [Fact]
    public void No_file_means_no_waivers()
    {
        var file = ScanIgnoreFile.Load(AbsolutePath.Create(Path.GetTempPath()) / $"pazpaz-no-such-{Guid.NewGuid():N}" / ".scanignore");

        Assert.Empty(file.Entries);
        Assert.Empty(file.Errors);
    }
}
