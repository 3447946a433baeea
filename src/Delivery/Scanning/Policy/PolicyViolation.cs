namespace Delivery.Scanning.Policy;

/// <summary>One broken rule at one place in one file; the message names the problem and the fix.</summary>
public sealed record PolicyViolation(PolicyRule Rule, string Location, int Line, string Message)
{
    public Finding ToFinding(string scanner) => new()
    {
        Scanner = scanner,
        Id = Rule.Id,
        Kind = FindingKind.Policy,
        Severity = Rule.Severity,
        Location = Location,
        Line = Line,
        Message = Message,
    };

    public override string ToString() => $"{Location}:{Line}: {Message} [{Rule.Id}]";
}
