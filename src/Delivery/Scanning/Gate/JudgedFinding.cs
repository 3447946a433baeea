namespace Delivery.Scanning.Gate;

public enum FindingOutcome
{
    /// <summary>Fails the gate.</summary>
    Blocking,

    /// <summary>Accepted by an unexpired ignore entry; listed with its reason.</summary>
    Waived,

    /// <summary>At or above the report threshold but not failing (below fail-on, or a vulnerability with no fix yet).</summary>
    Reported,

    /// <summary>Below the report threshold: counted, not listed.</summary>
    BelowThreshold,
}

/// <summary>A finding with the gate's decision, the waiver that accepted it, and why it was decided so.</summary>
public sealed record JudgedFinding(Finding Finding, FindingOutcome Outcome, string Why, ScanIgnoreEntry? Waiver = null)
{
    public override string ToString() => $"{Finding} — {Why}";
}
