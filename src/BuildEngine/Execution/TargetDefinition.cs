using System.Linq.Expressions;
using System.Reflection;

namespace BuildEngine.Execution;

/// <summary>Records the fluent calls of one target; the factory turns the record into an <see cref="ExecutableTarget"/>.</summary>
sealed class TargetDefinition(NukeBuild build) : ITargetDefinition
{
    internal string? DescriptionText { get; private set; }
    internal bool IsListed { get; private set; } = true;
    internal bool IsProceedAfterFailure { get; private set; }
    internal bool IsAssuredAfterFailure { get; private set; }
    internal DependencyBehavior SkipBehavior { get; private set; } = DependencyBehavior.Skip;
    internal List<Func<Task>> Actions { get; } = [];
    internal List<Target> DependsOnTargets { get; } = [];
    internal List<Target> DependentForTargets { get; } = [];
    internal List<Target> AfterTargets { get; } = [];
    internal List<Target> BeforeTargets { get; } = [];
    internal List<Target> TriggersTargets { get; } = [];
    internal List<Target> TriggeredByTargets { get; } = [];
    internal List<Condition> StaticConditions { get; } = [];
    internal List<Condition> DynamicConditions { get; } = [];
    internal List<Requirement> Requirements { get; } = [];
    internal List<string> ArtifactProducts { get; } = [];
    internal List<(Target Target, string[] Globs)> ArtifactDependencies { get; } = [];

    public ITargetDefinition Description(string description) => Do(() => DescriptionText = description);

    public ITargetDefinition Executes(params Action[] actions) =>
        Do(() => Actions.AddRange(actions.Select(a => (Func<Task>)(() => { a(); return Task.CompletedTask; }))));

    public ITargetDefinition Executes(Func<Task> action) => Do(() => Actions.Add(action));

    public ITargetDefinition Executes<T>(Func<T> action) =>
        Do(() => Actions.Add(async () =>
        {
            // Executes(async () => ...) binds here when the lambda returns Task<T>: await it rather than drop it.
            if (action() is Task task)
                await task;
        }));

    public ITargetDefinition DependsOn(params Target[] targets) => Do(() => DependsOnTargets.AddRange(targets));
    public ITargetDefinition DependsOn<T>(params Func<T, Target>[] targets) => Do(() => DependsOnTargets.AddRange(Resolve(targets, optional: false)));
    public ITargetDefinition TryDependsOn<T>(params Func<T, Target>[] targets) => Do(() => DependsOnTargets.AddRange(Resolve(targets, optional: true)));

    public ITargetDefinition DependentFor(params Target[] targets) => Do(() => DependentForTargets.AddRange(targets));
    public ITargetDefinition DependentFor<T>(params Func<T, Target>[] targets) => Do(() => DependentForTargets.AddRange(Resolve(targets, optional: false)));
    public ITargetDefinition TryDependentFor<T>(params Func<T, Target>[] targets) => Do(() => DependentForTargets.AddRange(Resolve(targets, optional: true)));

    public ITargetDefinition After(params Target[] targets) => Do(() => AfterTargets.AddRange(targets));
    public ITargetDefinition After<T>(params Func<T, Target>[] targets) => Do(() => AfterTargets.AddRange(Resolve(targets, optional: false)));
    public ITargetDefinition TryAfter<T>(params Func<T, Target>[] targets) => Do(() => AfterTargets.AddRange(Resolve(targets, optional: true)));

    public ITargetDefinition Before(params Target[] targets) => Do(() => BeforeTargets.AddRange(targets));
    public ITargetDefinition Before<T>(params Func<T, Target>[] targets) => Do(() => BeforeTargets.AddRange(Resolve(targets, optional: false)));
    public ITargetDefinition TryBefore<T>(params Func<T, Target>[] targets) => Do(() => BeforeTargets.AddRange(Resolve(targets, optional: true)));

    public ITargetDefinition Triggers(params Target[] targets) => Do(() => TriggersTargets.AddRange(targets));
    public ITargetDefinition Triggers<T>(params Func<T, Target>[] targets) => Do(() => TriggersTargets.AddRange(Resolve(targets, optional: false)));
    public ITargetDefinition TryTriggers<T>(params Func<T, Target>[] targets) => Do(() => TriggersTargets.AddRange(Resolve(targets, optional: true)));

    public ITargetDefinition TriggeredBy(params Target[] targets) => Do(() => TriggeredByTargets.AddRange(targets));
    public ITargetDefinition TriggeredBy<T>(params Func<T, Target>[] targets) => Do(() => TriggeredByTargets.AddRange(Resolve(targets, optional: false)));
    public ITargetDefinition TryTriggeredBy<T>(params Func<T, Target>[] targets) => Do(() => TriggeredByTargets.AddRange(Resolve(targets, optional: true)));

    public ITargetDefinition OnlyWhenStatic(Func<bool> condition, string? expression = null) =>
        Do(() => StaticConditions.Add(new Condition(condition, ExpressionText.Clean(expression))));

    public ITargetDefinition OnlyWhenDynamic(Func<bool> condition, string? expression = null) =>
        Do(() => DynamicConditions.Add(new Condition(condition, ExpressionText.Clean(expression))));

    public ITargetDefinition WhenSkipped(DependencyBehavior behavior) => Do(() => SkipBehavior = behavior);

    public ITargetDefinition Requires<T>(Expression<Func<T?>> member) where T : class =>
        Do(() => Requirements.Add(Requirement.ForMember(member)));

    public ITargetDefinition Requires<T>(Expression<Func<T?>> member) where T : struct =>
        Do(() => Requirements.Add(Requirement.ForMember(member)));

    public ITargetDefinition Requires(Func<bool> condition, string? expression = null) =>
        Do(() => Requirements.Add(new ConditionRequirement(condition, ExpressionText.Clean(expression))));

    public ITargetDefinition ProceedAfterFailure() => Do(() => IsProceedAfterFailure = true);
    public ITargetDefinition AssuredAfterFailure() => Do(() => IsAssuredAfterFailure = true);
    public ITargetDefinition Unlisted() => Do(() => IsListed = false);

    public ITargetDefinition Produces(params string[] globs) => Do(() => ArtifactProducts.AddRange(globs));
    public ITargetDefinition Consumes(params Target[] targets) => Do(() => ArtifactDependencies.AddRange(targets.Select(t => (t, Array.Empty<string>()))));
    public ITargetDefinition Consumes(Target target, params string[] globs) => Do(() => ArtifactDependencies.Add((target, globs)));
    public ITargetDefinition Consumes<T>(Func<T, Target> target, params string[] globs) =>
        Do(() => ArtifactDependencies.AddRange(Resolve([target], optional: false).Select(t => (t, globs))));

    public ITargetDefinition Inherit(params Target[] targets) => Do(() =>
    {
        foreach (var target in targets)
            target(this);
    });

    public ITargetDefinition Inherit<T>(params Expression<Func<T, Target>>[] targets) => Do(() =>
    {
        var component = AsComponent<T>(optional: false)!;
        var properties = targets.Length > 0
            ? targets.Select(t => (PropertyInfo)((MemberExpression)t.Body).Member)
            : [SingleTargetProperty(typeof(T))];
        foreach (var property in properties)
            NonVirtual.GetTarget(property, component)(this);
    });

    ITargetDefinition Do(Action action)
    {
        action();
        return this;
    }

    IEnumerable<Target> Resolve<T>(Func<T, Target>[] selectors, bool optional)
    {
        var component = AsComponent<T>(optional);
        if (component is null)
            return [];
        if (selectors.Length == 0)
            return [(Target)SingleTargetProperty(typeof(T)).GetValue(component)!];
        return selectors.Select(s => s(component)).ToList();
    }

    T? AsComponent<T>(bool optional)
    {
        if (build is T component)
            return component;
        if (optional)
            return default;
        throw new BuildDefinitionException(
            $"'{build.GetType().Name}' does not implement '{typeof(T).Name}'. Add it to the build's component list, or use the Try… form for an optional relation.");
    }

    static PropertyInfo SingleTargetProperty(Type component)
    {
        var targets = component.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
            .Where(p => p.PropertyType == typeof(Target))
            .ToList();
        return targets.Count switch
        {
            1 => targets[0],
            0 => throw new BuildDefinitionException($"No relevant targets in '{component.Name}': name the target, e.g. DependsOn<{component.Name}>(x => x.Name)."),
            _ => throw new BuildDefinitionException(
                $"Too many relevant targets in '{component.Name}' ({string.Join(", ", targets.Select(t => t.Name))}): name the target explicitly."),
        };
    }
}

sealed record Condition(Func<bool> Evaluate, string Text);
