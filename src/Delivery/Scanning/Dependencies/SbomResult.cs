using BuildEngine.IO;

namespace Delivery.Scanning.Dependencies;

/// <summary>What one SBOM generator did: the file it wrote and how many components it lists, or why it wrote none.</summary>
public sealed record SbomResult(string Generator, ScannerStatus Status, string Detail, AbsolutePath? File, int Components)
{
    public static SbomResult Written(string generator, AbsolutePath file, CycloneDxDocument document) =>
        new(generator, ScannerStatus.Ran, $"{file.Name}: CycloneDX {document.SpecVersion}, {document.Components} components", file, document.Components);

    public static SbomResult NotAvailable(string generator, string why) => new(generator, ScannerStatus.NotAvailable, why, null, 0);

    public static SbomResult Failed(string generator, string why) => new(generator, ScannerStatus.Failed, why, null, 0);
}
