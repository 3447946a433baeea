using Docker.DotNet;

namespace Delivery.Scanning.Images;

/// <summary>
/// What dpkg says is installed in an image, with the distribution release, read without running the image.
/// <see cref="StatusText"/> is the whole database as one status file (status.d paragraphs appended) for apt to read.
/// </summary>
public sealed record ImagePackages(OsRelease Release, IReadOnlyList<DpkgPackage> Packages, string StatusText)
{
    public const string StatusPath = "/var/lib/dpkg/status";
    public const string StatusDirectory = "/var/lib/dpkg/status.d";

    public bool HasDpkgDatabase => StatusText.Length > 0;

    public static async Task<ImagePackages> ReadAsync(IDockerClient client, string image, CancellationToken cancellation = default)
    {
        await using var files = await ImageFiles.OpenAsync(client, image, cancellation);
        return await ReadAsync(files, cancellation);
    }

    public static async Task<ImagePackages> ReadAsync(ImageFiles files, CancellationToken cancellation = default)
    {
        var status = await files.ReadTextAsync(StatusPath, cancellation) ?? "";
        var perPackage = await files.ReadAsync(StatusDirectory, cancellation);
        // /etc/os-release is usually a symlink into /usr/lib, which the archive endpoint returns as a link, not its text.
        var release = await files.ReadTextAsync("/etc/os-release", cancellation) ?? await files.ReadTextAsync("/usr/lib/os-release", cancellation) ?? "";
        var text = string.Join("\n\n", new[] { status }.Concat(perPackage.Values).Select(t => t.Trim('\n')).Where(t => t.Length > 0));
        return new ImagePackages(OsRelease.Parse(release), DpkgStatus.Parse(text), text.Length == 0 ? "" : text + "\n");
    }
}
