namespace Delivery.Scanning.Dependencies;

/// <summary>
/// Writes one CycloneDX JSON SBOM under <see cref="ScanTarget.SbomDirectory"/>. Like a scanner it reports
/// <see cref="ScannerStatus.NotAvailable"/> when its tool or input is missing and <see cref="ScannerStatus.Failed"/>
/// rather than throwing when the tool breaks, so the Scan summary can name every SBOM; it finds nothing, it writes a file.
/// </summary>
public interface ISbomGenerator
{
    string Name { get; }

    /// <summary>The file name it writes in <see cref="ScanTarget.SbomDirectory"/>.</summary>
    string FileName { get; }

    Task<SbomResult> GenerateAsync(ScanTarget target, Action<string> progress, CancellationToken cancellationToken = default);
}
