namespace Delivery.Scanning;

/// <summary>One problem in a workflow file, with the rule that found it.</summary>
public sealed record WorkflowFinding(string RuleId, string File, int Line, string Message)
{
    public override string ToString() => $"{File}:{Line}: {Message} [{RuleId}]";
}
