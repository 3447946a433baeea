namespace Delivery.Scanning.Policy;

/// <summary>
/// One hardening rule: its id (what a finding, an in-file exception and an ignore entry name), how bad a break is,
/// what it asks for, and the benchmark item it enforces (for the SARIF rule text).
/// </summary>
public sealed record PolicyRule(string Id, Severity Severity, string Title, string Reference)
{
    public string Description => $"{Title} ({Reference})";

    public PolicyViolation At(string location, int line, string message) => new(this, location, line, message);
}
