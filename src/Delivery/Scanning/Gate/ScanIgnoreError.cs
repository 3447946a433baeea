namespace Delivery.Scanning.Gate;

/// <summary>A line of the ignore file the gate cannot accept; the gate fails until it is fixed.</summary>
public sealed record ScanIgnoreError(string File, int Line, string Problem)
{
    public override string ToString() => $"{File}:{Line}: {Problem}";
}
