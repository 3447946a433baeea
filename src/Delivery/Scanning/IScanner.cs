using BuildEngine.IO;

namespace Delivery.Scanning;

/// <summary>An image the build produced, by its local reference (<c>pazpaz/api:1.2.3</c>).</summary>
public sealed record ScannedImage(string Name, string Reference);

/// <summary>What a scan looks at: the repository, the built images, and where reports (SARIF, SBOMs) go.</summary>
public sealed record ScanTarget(AbsolutePath RootDirectory, IReadOnlyList<ScannedImage> Images, AbsolutePath ArtifactsDirectory)
{
    public AbsolutePath ScanDirectory => ArtifactsDirectory / "scan";
    public AbsolutePath SbomDirectory => ArtifactsDirectory / "sbom";
}

/// <summary>
/// One scanner. It reports <see cref="ScannerStatus.NotAvailable"/> with the reason when its tool is missing, and
/// <see cref="ScannerStatus.Failed"/> rather than throwing when its tool breaks, so the summary always names every scanner.
/// </summary>
public interface IScanner
{
    string Name { get; }

    Task<ScannerResult> ScanAsync(ScanTarget target, Action<string> progress, CancellationToken cancellationToken = default);
}
