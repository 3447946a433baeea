using Delivery.Images;

namespace Delivery.Scanning.Images;

/// <summary>
/// Where <see cref="DebianSecurityScanner"/> runs apt: a container of the base image (its apt sources name the same
/// mirror and -security suite the image builds use), on the engine's default network unless told otherwise.
/// </summary>
public sealed record DebianSecuritySettings
{
    public string ScannerImage { get; init; } = BaseImageSettings.Tag;

    /// <summary>The release every scanned image must be; its <c>-security</c> suite is what a pending update is checked against.</summary>
    public string Suite { get; init; } = BaseImageSettings.Suite;

    public string SecuritySuite => $"{Suite}-security";

    /// <summary>The engine network the scanner container joins; null for the default bridge.</summary>
    public string? Network { get; init; }

    /// <summary>How long fetching the package indexes may take before the mirror counts as unreachable.</summary>
    public TimeSpan UpdateTimeout { get; init; } = TimeSpan.FromMinutes(5);
}
