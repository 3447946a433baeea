namespace Delivery.Scanning.Policy;

/// <summary>Every policy rule by id, for the SARIF rule texts and for checking that an exception names a real rule.</summary>
public static class PolicyRules
{
    public static IReadOnlyList<PolicyRule> All { get; } = [.. DockerfileRules.All, .. ComposeRules.All, .. WorkflowRules.All];

    public static PolicyRule? Find(string id) => All.FirstOrDefault(r => string.Equals(r.Id, id, StringComparison.OrdinalIgnoreCase));
}
