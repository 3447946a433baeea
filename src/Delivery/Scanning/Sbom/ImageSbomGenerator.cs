using BuildEngine.IO;
using Delivery.Scanning.Images;
using Docker.DotNet;

namespace Delivery.Scanning.Sbom;

/// <summary>One SBOM written: for which image, where, and how many packages it lists.</summary>
public sealed record WrittenSbom(ScannedImage Image, AbsolutePath File, int Packages);

/// <summary>
/// Writes a CycloneDX SBOM per image (<c>artifacts/sbom/&lt;image&gt;.cdx.json</c>) from what dpkg installed in it,
/// read without running the image: each package with its version, architecture, purl, source package and the licenses
/// its DEP-5 copyright file names. Python libraries from Debian are debs, so they are listed too; the npm and NuGet
/// packages an application bundles come from their own SBOMs.
/// </summary>
public sealed class ImageSbomGenerator(IDockerClient client, TimeProvider? clock = null)
{
    const string DocDirectory = "/usr/share/doc";
    readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public static string FileName(ScannedImage image) => $"{image.Name.Replace('/', '-')}.cdx.json";

    public async Task<IReadOnlyList<WrittenSbom>> GenerateAsync(ScanTarget target, Action<string> progress, CancellationToken cancellation = default)
    {
        target.SbomDirectory.CreateDirectory();
        var written = new List<WrittenSbom>();
        foreach (var image in target.Images)
        {
            var document = await DescribeAsync(image, cancellation);
            var file = target.SbomDirectory / FileName(image);
            file.WriteAllText(CycloneDxWriter.Write(document));
            var packages = document.Components.Count(c => c.Type == "library");
            written.Add(new WrittenSbom(image, file, packages));
            progress($"{image.Reference}: {packages} Debian packages -> {target.RootDirectory.GetUnixRelativePathTo(file)}");
        }
        return written;
    }

    public async Task<SbomDocument> DescribeAsync(ScannedImage image, CancellationToken cancellation = default)
    {
        var inspected = await client.Images.InspectImageAsync(image.Reference, cancellation);
        ImagePackages packages;
        IReadOnlyDictionary<string, string> copyrights;
        await using (var files = await ImageFiles.OpenAsync(client, image.Reference, cancellation))
        {
            packages = await ImagePackages.ReadAsync(files, cancellation);
            copyrights = await files.ReadAsync(DocDirectory, cancellation);
        }

        var release = packages.Release;
        var distro = $"{release.Id}-{release.VersionId}";
        var components = new List<SbomComponent>();
        if (release.Id.Length > 0)
            components.Add(new SbomComponent("operating-system", release.Id, release.VersionId) { BomRef = $"os:{distro}", Description = release.PrettyName });
        components.AddRange(packages.Packages
            .OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Architecture, StringComparer.Ordinal)
            .Select(p => ToComponent(p, distro, copyrights.GetValueOrDefault($"doc/{p.Name}/copyright"))));

        var (repository, tag) = SplitReference(image.Reference);
        var subject = new SbomComponent("container", repository, tag)
        {
            BomRef = inspected.ID,
            Hashes = inspected.ID.StartsWith("sha256:", StringComparison.Ordinal) ? [("SHA-256", inspected.ID["sha256:".Length..])] : [],
        };
        return new SbomDocument(subject, components, _clock.GetUtcNow(), Guid.NewGuid());
    }

    static SbomComponent ToComponent(DpkgPackage package, string distro, string? copyright)
    {
        var purl = PackageUrl.Deb(package.Name, package.Version, package.Architecture, distro);
        var properties = new List<(string, string)>();
        if (package.Source != package.Name || package.SourceVersion != package.Version)
        {
            properties.Add(("debian:source", package.Source));
            properties.Add(("debian:source-version", package.SourceVersion));
        }
        return new SbomComponent("library", package.Name, package.Version)
        {
            BomRef = purl,
            Purl = purl,
            Licenses = copyright is null ? [] : DebianCopyright.Licenses(copyright),
            Properties = properties,
        };
    }

    /// <summary><c>pazpaz/api:0.1.0-1</c> → (<c>pazpaz/api</c>, <c>0.1.0-1</c>); a registry port's colon is not a tag's.</summary>
    static (string Repository, string Tag) SplitReference(string reference)
    {
        var at = reference.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
            return (reference[..at], reference[(at + 1)..]);
        var colon = reference.LastIndexOf(':');
        return colon > reference.LastIndexOf('/') ? (reference[..colon], reference[(colon + 1)..]) : (reference, "latest");
    }
}
