namespace Delivery.Scanning.Policy;

/// <summary>The severities and texts of <see cref="WorkflowPolicy"/>'s rules (anchors-hardening B.5), whose ids it defines.</summary>
public static class WorkflowRules
{
    const string Reference = "anchors-hardening B.5";

    public static readonly PolicyRule Unreadable = new("GHA000", Severity.High, "The workflow is a valid YAML mapping", "policy lint");
    public static readonly PolicyRule UnpinnedAction = new(WorkflowPolicy.UnpinnedAction, Severity.High, "Every action is pinned to a full commit SHA", Reference);
    public static readonly PolicyRule MissingVersionComment = new(WorkflowPolicy.MissingVersionComment, Severity.Low, "A pinned SHA carries a '# vX.Y.Z' comment", Reference);
    public static readonly PolicyRule TopLevelPermissions = new(WorkflowPolicy.TopLevelPermissions, Severity.High, "Top-level permissions exist and are read-only", Reference);
    public static readonly PolicyRule PullRequestTarget = new(WorkflowPolicy.PullRequestTarget, Severity.Critical, "No pull_request_target trigger", Reference);
    public static readonly PolicyRule EventInterpolation = new(WorkflowPolicy.EventInterpolation, Severity.Critical, "No github.event interpolation in run scripts", Reference);
    public static readonly PolicyRule ProductionConcurrency = new(WorkflowPolicy.ProductionConcurrency, Severity.High, "Production jobs have a concurrency group that is never cancelled", Reference);
    public static readonly PolicyRule ProductionEnvironment = new(WorkflowPolicy.ProductionEnvironment, Severity.High, "Production deploys run in the production environment", Reference);

    public static IReadOnlyList<PolicyRule> All { get; } =
        [Unreadable, UnpinnedAction, MissingVersionComment, TopLevelPermissions, PullRequestTarget, EventInterpolation, ProductionConcurrency, ProductionEnvironment];

    /// <summary>The rule of a workflow finding; an id the catalogue does not know yet still fails the gate, as High.</summary>
    public static PolicyRule For(string id) =>
        All.FirstOrDefault(r => r.Id == id) ?? new PolicyRule(id, Severity.High, "Workflow hardening rule", Reference);
}
