namespace Delivery.Scanning.Sbom;

/// <summary>A software component as an SBOM lists it: a package, the operating system, or the container image itself.</summary>
public sealed record SbomComponent(string Type, string Name, string Version)
{
    public string? BomRef { get; init; }
    public string? Purl { get; init; }
    public string? Description { get; init; }
    public IReadOnlyList<string> Licenses { get; init; } = [];

    /// <summary>Algorithm (CycloneDX spelling, <c>SHA-256</c>) and hex digest.</summary>
    public IReadOnlyList<(string Algorithm, string Content)> Hashes { get; init; } = [];

    public IReadOnlyList<(string Name, string Value)> Properties { get; init; } = [];
}

/// <summary>What one SBOM says: the subject (<see cref="Subject"/>, here an image) and everything found in it.</summary>
public sealed record SbomDocument(SbomComponent Subject, IReadOnlyList<SbomComponent> Components, DateTimeOffset Timestamp, Guid SerialNumber);
