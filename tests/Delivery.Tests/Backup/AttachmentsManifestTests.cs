using Delivery.Backup.Attachments;

namespace Delivery.Tests.Backup;

public sealed class AttachmentsManifestTests
{
    static readonly string A = new('a', 64), B = new('b', 64), C = new('c', 64);

    [Fact]
    public void Reads_sha256sum_and_rclone_hashsum_output_alike()
    {
        var fromSha256sum = AttachmentManifest.Parse($"{A}  notes/2024/intake form.pdf\n{B} *x.bin\n", "staging");
        var fromRclone = AttachmentManifest.Parse($"{B}  x.bin\r\n{A.ToUpperInvariant()}  notes/2024/intake form.pdf\n\n", "bucket");

        Assert.Equal(2, fromSha256sum.Count);
        Assert.True(fromSha256sum.CompareTo(fromRclone).IsEmpty);
        Assert.Equal(fromSha256sum.Digest(), fromRclone.Digest());
        Assert.Equal($"{A}  notes/2024/intake form.pdf\n{B}  x.bin\n", fromRclone.Render());
    }

    [Fact]
    public void Reads_sha256sums_escaped_names()
    {
        var manifest = AttachmentManifest.Parse($"\\{A}  odd\\\\name\\nwith newline\n", "staging");

        Assert.Equal("odd\\name\nwith newline", Assert.Single(manifest.Hashes).Key);
    }

    [Theory]
    [InlineData("not a manifest line", "line 1: expected '<64 hex digits>  <key>'")]
    [InlineData("0123  short.txt", "line 1: expected")]
    public void A_malformed_line_names_the_source_and_the_line(string line, string expected)
    {
        var error = Assert.Throws<AttachmentBackupException>(() => AttachmentManifest.Parse(line, "bucket 'attachments'"));

        Assert.StartsWith("bucket 'attachments', ", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void A_key_listed_twice_is_refused()
    {
        var error = Assert.Throws<AttachmentBackupException>(() => AttachmentManifest.Parse($"{A}  x\n{B}  x\n", "staging"));

        Assert.Contains("line 2: the key 'x' is listed twice", error.Message);
    }

    [Fact]
    public void The_comparison_reports_missing_changed_and_extra_keys_by_name()
    {
        var expected = AttachmentManifest.Parse($"{A}  kept\n{B}  changed\n{C}  lost/one\n{C}  lost/two\n", "snapshot");
        var actual = AttachmentManifest.Parse($"{A}  kept\n{A}  changed\n{B}  new\n", "bucket");

        var difference = expected.CompareTo(actual);

        Assert.Equal(["lost/one", "lost/two"], difference.Missing);
        Assert.Equal(["changed"], difference.Changed);
        Assert.Equal(["new"], difference.Extra);
        Assert.Equal(
            $"bucket 'restored' differs from the snapshot's manifest:{Environment.NewLine}" +
            $"  2 missing from bucket 'restored': 'lost/one', 'lost/two'{Environment.NewLine}" +
            $"  1 content differs (sha256): 'changed'{Environment.NewLine}" +
            "  1 only in bucket 'restored': 'new'",
            difference.Describe("the snapshot's manifest", "bucket 'restored'"));
    }

    [Fact]
    public void A_long_list_of_differences_shows_ten_keys_and_the_rest_as_a_count()
    {
        var expected = AttachmentManifest.From(Enumerable.Range(0, 25).Select(i => KeyValuePair.Create($"k{i:00}", A)));

        var text = expected.CompareTo(AttachmentManifest.Empty).Describe("source", "copy");

        Assert.Contains("25 missing from copy: 'k00', 'k01'", text);
        Assert.EndsWith("'k09' and 15 more", text);
    }

    [Fact]
    public void Equal_manifests_describe_themselves_as_matching()
    {
        var manifest = AttachmentManifest.Parse($"{A}  x\n", "staging");

        Assert.Equal("copy matches source.", manifest.CompareTo(manifest).Describe("source", "copy"));
        Assert.StartsWith("1 objects, manifest sha256:", manifest.ToString());
    }
}
