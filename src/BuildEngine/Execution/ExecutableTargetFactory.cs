using System.Reflection;

namespace BuildEngine.Execution;

/// <summary>Finds every <see cref="Target"/> property of the build and its component interfaces and resolves their relations.</summary>
static class ExecutableTargetFactory
{
    const BindingFlags Members = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

    public static IReadOnlyList<ExecutableTarget> Create(NukeBuild build, IReadOnlyCollection<string> defaultTargetNames)
    {
        var targets = new List<ExecutableTarget>();
        var byMethod = new Dictionary<MethodInfo, ExecutableTarget>();
        foreach (var property in DiscoverTargetProperties(build.GetType()))
        {
            var factory = GetFactory(property, build);
            var definition = new TargetDefinition(build);
            var target = new ExecutableTarget(property.Name, targets.Count, definition)
            {
                IsDefault = defaultTargetNames.Contains(property.Name),
            };
            byMethod.TryAdd(factory.Method, target);
            targets.Add(target);
            factory(definition);
        }

        // A target's own relations first, then those other targets declare on it (DependentFor, Before, TriggeredBy),
        // so "-> Compile, CheckGeneratedFiles" lists what the target itself says before what others add.
        foreach (var target in targets)
            ResolveOwn(target, t => Find(t, byMethod, target));
        foreach (var target in targets)
            ResolveReverse(target, t => Find(t, byMethod, target));
        return targets;
    }

    public static IReadOnlyList<string> DiscoverTargetNames(Type buildType) => DiscoverTargetProperties(buildType).Select(p => p.Name).ToList();

    /// <summary>Class-declared targets first (base class before derived, in declaration order), then component targets.</summary>
    static IEnumerable<PropertyInfo> DiscoverTargetProperties(Type buildType)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var hierarchy = new Stack<Type>();
        for (var type = buildType; type is not null && type != typeof(NukeBuild); type = type.BaseType)
            hierarchy.Push(type);

        var classProperties = hierarchy.SelectMany(t => t.GetProperties(Members))
            .Where(p => p.PropertyType == typeof(Target) && !p.Name.Contains('.'));
        var componentProperties = buildType.GetInterfaces()
            .SelectMany(i => i.GetProperties(Members))
            .Where(p => p.PropertyType == typeof(Target));

        foreach (var property in classProperties.Concat(componentProperties))
        {
            if (seen.Add(property.Name))
                yield return property;
        }
    }

    static Target GetFactory(PropertyInfo property, NukeBuild build)
    {
        try
        {
            return (Target?)property.GetValue(build)
                   ?? throw new BuildDefinitionException($"Target '{property.Name}' returned null.");
        }
        catch (TargetInvocationException e) when (e.InnerException is System.Runtime.AmbiguousImplementationException)
        {
            throw new BuildDefinitionException(
                $"Target '{property.Name}' must be implemented explicitly because it is inherited from multiple interfaces.");
        }
    }

    static ExecutableTarget Find(Target target, Dictionary<MethodInfo, ExecutableTarget> byMethod, ExecutableTarget referrer)
    {
        if (!byMethod.TryGetValue(target.Method, out var found))
            throw new BuildDefinitionException($"Target '{referrer.Name}' refers to a target that is not a Target property of the build.");
        if (found == referrer)
            throw new BuildDefinitionException($"Target '{referrer.Name}' cannot have a dependency on itself.");
        return found;
    }

    static void ResolveOwn(ExecutableTarget target, Func<Target, ExecutableTarget> find)
    {
        var definition = target.Definition;
        foreach (var dependency in definition.DependsOnTargets.Select(find))
            AddOnce(target.ExecutionDependencies, dependency);
        foreach (var earlier in definition.AfterTargets.Select(find))
            AddOnce(target.OrderDependencies, earlier);
        foreach (var triggered in definition.TriggersTargets.Select(find))
        {
            AddOnce(target.Triggers, triggered);
            AddOnce(triggered.TriggerDependencies, target);
        }
        foreach (var (consumed, globs) in definition.ArtifactDependencies)
            target.ArtifactDependencies.Add((find(consumed), globs));
    }

    static void ResolveReverse(ExecutableTarget target, Func<Target, ExecutableTarget> find)
    {
        var definition = target.Definition;
        foreach (var dependent in definition.DependentForTargets.Select(find))
            AddOnce(dependent.ExecutionDependencies, target);
        foreach (var later in definition.BeforeTargets.Select(find))
            AddOnce(later.OrderDependencies, target);
        foreach (var trigger in definition.TriggeredByTargets.Select(find))
        {
            AddOnce(trigger.Triggers, target);
            AddOnce(target.TriggerDependencies, trigger);
        }
    }

    static void AddOnce(List<ExecutableTarget> list, ExecutableTarget target)
    {
        if (!list.Contains(target))
            list.Add(target);
    }
}
