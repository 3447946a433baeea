namespace Delivery.Scanning;

public enum ScannerStatus
{
    /// <summary>The scanner ran to the end; its findings are complete.</summary>
    Ran,

    /// <summary>The scanner's tool or input is not here (for example Trivy off CI); reported with the reason, never silent.</summary>
    NotAvailable,

    /// <summary>The scanner was available but could not finish; the gate fails, since nothing can be claimed clean.</summary>
    Failed,
}

/// <summary>What one scanner did: whether it ran, why not, and what it found.</summary>
public sealed record ScannerResult(string Scanner, ScannerStatus Status, string Detail, IReadOnlyList<Finding> Findings)
{
    public static ScannerResult Ran(string scanner, IReadOnlyList<Finding> findings, string detail = "") =>
        new(scanner, ScannerStatus.Ran, detail, findings);

    public static ScannerResult NotAvailable(string scanner, string why) => new(scanner, ScannerStatus.NotAvailable, why, []);

    public static ScannerResult Failed(string scanner, string why) => new(scanner, ScannerStatus.Failed, why, []);
}
