namespace BuildEngine.Execution;

/// <summary>Why a target is in the plan.</summary>
public sealed record PlanReason(string Text)
{
    public static readonly PlanReason Invoked = new("invoked");
    public static readonly PlanReason Default = new("default target");
    public static PlanReason DependencyOf(ExecutableTarget dependent) => new($"dependency of {dependent.Name}");
    public static PlanReason TriggeredBy(ExecutableTarget trigger) => new($"triggered by {trigger.Name}");
    public override string ToString() => Text;
}

/// <summary>The ordered targets of one invocation, each with the reason it is there. Data only: nothing has run.</summary>
public sealed record ExecutionPlan(
    IReadOnlyList<ExecutableTarget> AllTargets,
    IReadOnlyList<ExecutableTarget> Targets,
    IReadOnlyDictionary<ExecutableTarget, PlanReason> Reasons,
    IReadOnlyList<ExecutableTarget> InvokedTargets)
{
    public bool IsInvoked(ExecutableTarget target) => InvokedTargets.Contains(target);
}
