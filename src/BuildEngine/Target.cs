namespace BuildEngine;

/// <summary>
/// A target is a property whose value is a lambda over a fresh definition:
/// <c>Target Compile =&gt; _ =&gt; _.DependsOn(Restore).Executes(() =&gt; ...);</c>
/// </summary>
public delegate ITargetDefinition Target(ITargetDefinition definition);

/// <summary>What happens to a target's dependencies when the target itself is skipped statically.</summary>
public enum DependencyBehavior
{
    /// <summary>Skip dependencies (and triggers) that no other scheduled target needs. NUKE's default.</summary>
    Skip,

    /// <summary>Keep running the dependencies.</summary>
    Execute,
}
