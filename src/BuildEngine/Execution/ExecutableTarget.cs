namespace BuildEngine.Execution;

/// <summary>A target with its relations resolved to other targets, and its run-time outcome.</summary>
public sealed class ExecutableTarget
{
    internal ExecutableTarget(string name, int declarationIndex, TargetDefinition definition)
    {
        Name = name;
        DeclarationIndex = declarationIndex;
        Definition = definition;
    }

    public string Name { get; }
    public int DeclarationIndex { get; }
    internal TargetDefinition Definition { get; }

    public string? Description => Definition.DescriptionText;
    public bool Listed => Definition.IsListed;
    public bool IsDefault { get; internal set; }
    public bool IsCollective => Definition.Actions.Count == 0;
    public DependencyBehavior SkipBehavior => Definition.SkipBehavior;
    public bool ProceedAfterFailure => Definition.IsProceedAfterFailure;
    public bool AssuredAfterFailure => Definition.IsAssuredAfterFailure;
    public IReadOnlyList<string> ArtifactProducts => Definition.ArtifactProducts;
    public IReadOnlyList<string> StaticConditionTexts => Definition.StaticConditions.Select(c => c.Text).ToList();
    public IReadOnlyList<string> DynamicConditionTexts => Definition.DynamicConditions.Select(c => c.Text).ToList();

    /// <summary>Must run first and are pulled into the plan.</summary>
    public List<ExecutableTarget> ExecutionDependencies { get; } = [];

    /// <summary>Must run first when both are planned.</summary>
    public List<ExecutableTarget> OrderDependencies { get; } = [];

    /// <summary>Targets that add this one to the plan after themselves.</summary>
    public List<ExecutableTarget> TriggerDependencies { get; } = [];

    /// <summary>Targets this one adds to the plan after itself.</summary>
    public List<ExecutableTarget> Triggers { get; } = [];

    /// <summary>Targets whose artifacts this one downloads (CI generators).</summary>
    public List<(ExecutableTarget Target, string[] Globs)> ArtifactDependencies { get; } = [];

    public ExecutionStatus Status { get; internal set; } = ExecutionStatus.None;
    public TimeSpan Duration { get; internal set; }

    /// <summary>Why a target is skipped or failed, or what it reported: the <c>// …</c> column of the summary.</summary>
    public string? SummaryInfo { get; internal set; }

    internal Dictionary<string, string> Summary { get; } = new(StringComparer.Ordinal);

    public override string ToString() => Name;
}
