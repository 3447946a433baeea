namespace Delivery.Scanning;

/// <summary>Severity as scanners report it, ordered so a threshold compares with <c>&gt;=</c>.</summary>
public enum Severity
{
    Unknown,
    Low,
    Medium,
    High,
    Critical,
}

/// <summary>What kind of problem a finding is; the gate judges each kind by its own rule.</summary>
public enum FindingKind
{
    /// <summary>A known vulnerability in a package; fails the gate at or above the threshold when a fix exists.</summary>
    Vulnerability,

    /// <summary>A secret-looking value in the repository or an image; always fails the gate.</summary>
    Secret,

    /// <summary>A broken hardening rule in a Dockerfile, compose file or workflow; always fails the gate.</summary>
    Policy,
}

/// <summary>
/// One problem from any scanner, normalised so one gate, one ignore file and one SARIF writer serve them all.
/// <see cref="Id"/> is what an ignore entry names: a CVE/GHSA id, a policy rule id or a secret rule id.
/// </summary>
public sealed record Finding
{
    public required string Scanner { get; init; }
    public required string Id { get; init; }
    public required FindingKind Kind { get; init; }
    public required Severity Severity { get; init; }

    /// <summary>Where it is: an image reference, or a repository-relative file path.</summary>
    public required string Location { get; init; }

    public required string Message { get; init; }
    public int? Line { get; init; }
    public string? Package { get; init; }
    public string? InstalledVersion { get; init; }
    public string? FixedVersion { get; init; }

    public bool HasFix => !string.IsNullOrEmpty(FixedVersion);

    public override string ToString() =>
        $"{Severity.ToString().ToUpperInvariant()} {Id} {Location}{(Line is { } line ? $":{line}" : "")}" +
        $"{(Package is null ? "" : $" {Package} {InstalledVersion}{(HasFix ? $" -> {FixedVersion}" : "")}")}: {Message} [{Scanner}]";
}
