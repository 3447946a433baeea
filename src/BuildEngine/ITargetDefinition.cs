using System.Linq.Expressions;
using System.Runtime.CompilerServices;

namespace BuildEngine;

/// <summary>The fluent vocabulary of a target, with NUKE's member names and semantics.</summary>
public interface ITargetDefinition
{
    ITargetDefinition Description(string description);

    ITargetDefinition Executes(params Action[] actions);
    ITargetDefinition Executes(Func<Task> action);
    ITargetDefinition Executes<T>(Func<T> action);

    /// <summary>Must run before this target and is pulled into the plan.</summary>
    ITargetDefinition DependsOn(params Target[] targets);
    ITargetDefinition DependsOn<T>(params Func<T, Target>[] targets);
    ITargetDefinition TryDependsOn<T>(params Func<T, Target>[] targets);

    /// <summary>This target must run before the given ones, which pull it into the plan.</summary>
    ITargetDefinition DependentFor(params Target[] targets);
    ITargetDefinition DependentFor<T>(params Func<T, Target>[] targets);
    ITargetDefinition TryDependentFor<T>(params Func<T, Target>[] targets);

    /// <summary>Ordering only: applies when both targets are planned.</summary>
    ITargetDefinition After(params Target[] targets);
    ITargetDefinition After<T>(params Func<T, Target>[] targets);
    ITargetDefinition TryAfter<T>(params Func<T, Target>[] targets);
    ITargetDefinition Before(params Target[] targets);
    ITargetDefinition Before<T>(params Func<T, Target>[] targets);
    ITargetDefinition TryBefore<T>(params Func<T, Target>[] targets);

    /// <summary>When this target is planned, the given targets are added after it.</summary>
    ITargetDefinition Triggers(params Target[] targets);
    ITargetDefinition Triggers<T>(params Func<T, Target>[] targets);
    ITargetDefinition TryTriggers<T>(params Func<T, Target>[] targets);
    ITargetDefinition TriggeredBy(params Target[] targets);
    ITargetDefinition TriggeredBy<T>(params Func<T, Target>[] targets);
    ITargetDefinition TryTriggeredBy<T>(params Func<T, Target>[] targets);

    /// <summary>Evaluated for every planned target before anything runs; false skips the target.</summary>
    ITargetDefinition OnlyWhenStatic(Func<bool> condition, [CallerArgumentExpression(nameof(condition))] string? expression = null);

    /// <summary>Evaluated right before the target runs, after its dependencies ran.</summary>
    ITargetDefinition OnlyWhenDynamic(Func<bool> condition, [CallerArgumentExpression(nameof(condition))] string? expression = null);

    ITargetDefinition WhenSkipped(DependencyBehavior behavior);

    /// <summary>The member must have a value (strings: not blank; arrays: not empty). Checked for the whole plan before anything runs.</summary>
    ITargetDefinition Requires<T>(Expression<Func<T?>> member) where T : class;
    ITargetDefinition Requires<T>(Expression<Func<T?>> member) where T : struct;
    ITargetDefinition Requires(Func<bool> condition, [CallerArgumentExpression(nameof(condition))] string? expression = null);

    ITargetDefinition ProceedAfterFailure();
    ITargetDefinition AssuredAfterFailure();
    ITargetDefinition Unlisted();

    /// <summary>Declares artifacts (globs relative to the root) for CI generators.</summary>
    ITargetDefinition Produces(params string[] globs);
    ITargetDefinition Consumes(params Target[] targets);
    ITargetDefinition Consumes(Target target, params string[] globs);
    ITargetDefinition Consumes<T>(Func<T, Target> target, params string[] globs);

    /// <summary>Replays other definitions into this one (a component target's base definition, typically).</summary>
    ITargetDefinition Inherit(params Target[] targets);
    ITargetDefinition Inherit<T>(params Expression<Func<T, Target>>[] targets);
}
