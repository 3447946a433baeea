namespace Delivery.Scanning.Policy;

/// <summary>A violation that a documented exception accepts, kept with the exception's reason so it is reported, not dropped.</summary>
public sealed record WaivedViolation(PolicyViolation Violation, string Reason)
{
    public override string ToString() => $"{Violation} waived: {Reason}";
}

/// <summary>What a policy found in a set of files: the violations that count, and the ones a documented exception waives.</summary>
public sealed record PolicyReport(IReadOnlyList<PolicyViolation> Violations, IReadOnlyList<WaivedViolation> Waived)
{
    public static PolicyReport Empty { get; } = new([], []);

    public PolicyReport Add(PolicyReport other) => new([.. Violations, .. other.Violations], [.. Waived, .. other.Waived]);
}
