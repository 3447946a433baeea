using Delivery.Scanning.Dependencies;
using Docker.DotNet;

namespace Delivery.Scanning.Sbom;

/// <summary>The per-image SBOMs (<see cref="ImageSbomGenerator"/>) as one entry of the Scan summary.</summary>
public sealed class ImageSboms(IDockerClient client) : ISbomGenerator
{
    public string Name => "sbom-images";

    public string FileName => "<image>.cdx.json";

    public async Task<SbomResult> GenerateAsync(ScanTarget target, Action<string> progress, CancellationToken cancellationToken = default)
    {
        if (target.Images.Count == 0)
            return SbomResult.NotAvailable(Name, "no images to describe: run DockerBuild first");
        var written = await new ImageSbomGenerator(client).GenerateAsync(target, progress, cancellationToken);
        return new SbomResult(Name, ScannerStatus.Ran, $"{written.Count} images, CycloneDX 1.5, one file each", target.SbomDirectory, written.Sum(w => w.Packages));
    }
}
