namespace BuildEngine.Execution;

/// <summary>
/// Chooses and orders the targets of an invocation with NUKE's semantics: only execution dependencies and triggers
/// pull targets in; order, execution and trigger edges all order them; a cycle anywhere fails the build.
/// Deliberate deviation: ties go to the target whose invoked root came first on the command line, then to declaration order.
/// </summary>
static class ExecutionPlanner
{
    public static ExecutionPlan Plan(IReadOnlyList<ExecutableTarget> targets, IReadOnlyList<string> invokedNames)
    {
        var invoked = invokedNames.Select(n => Resolve(n, targets)).Distinct().ToList();
        FailOnCycles(targets);

        var roots = invoked.Count > 0 ? invoked : targets.Where(t => t.IsDefault).ToList();
        var reasons = new Dictionary<ExecutableTarget, PlanReason>();
        var group = new Dictionary<ExecutableTarget, int>();
        for (var index = 0; index < roots.Count; index++)
            Collect(roots[index], invoked.Count > 0 ? PlanReason.Invoked : PlanReason.Default, index, reasons, group);

        return new ExecutionPlan(targets, Order(group), reasons, invoked);
    }

    public static ExecutableTarget Resolve(string name, IReadOnlyList<ExecutableTarget> targets)
    {
        var match = targets.FirstOrDefault(t => NameMatching.Matches(t.Name, name));
        if (match is not null)
            return match;

        var suggestions = NameMatching.Suggest(name, targets.Select(t => t.Name));
        var hint = suggestions.Count > 0 ? $" Did you mean {string.Join(" or ", suggestions.Select(s => $"'{s}'"))}?" : "";
        var available = string.Join(Environment.NewLine, targets.Where(t => t.Listed).Select(t => t.Name).Order(StringComparer.Ordinal).Select(n => $"  - {n}"));
        throw new UsageException($"Target with name '{name}' does not exist.{hint}{Environment.NewLine}Available targets are:{Environment.NewLine}{available}");
    }

    static void Collect(ExecutableTarget root, PlanReason rootReason, int index,
        Dictionary<ExecutableTarget, PlanReason> reasons, Dictionary<ExecutableTarget, int> group)
    {
        var pending = new Queue<(ExecutableTarget Target, PlanReason Reason)>();
        pending.Enqueue((root, rootReason));
        while (pending.TryDequeue(out var item))
        {
            if (!reasons.TryAdd(item.Target, item.Reason))
                continue;
            group[item.Target] = index;
            foreach (var dependency in item.Target.ExecutionDependencies)
                pending.Enqueue((dependency, PlanReason.DependencyOf(item.Target)));
            foreach (var triggered in item.Target.Triggers)
                pending.Enqueue((triggered, PlanReason.TriggeredBy(item.Target)));
        }
    }

    static List<ExecutableTarget> Order(Dictionary<ExecutableTarget, int> group)
    {
        var members = group.Keys.ToHashSet();
        var remaining = members.ToDictionary(t => t, t => Predecessors(t).Count(members.Contains));
        var ordered = new List<ExecutableTarget>();
        while (remaining.Count > 0)
        {
            var next = remaining.Where(kv => kv.Value == 0).Select(kv => kv.Key)
                .OrderBy(t => group[t]).ThenBy(t => t.DeclarationIndex).First();
            remaining.Remove(next);
            ordered.Add(next);
            foreach (var successor in remaining.Keys.Where(t => Predecessors(t).Contains(next)).ToList())
                remaining[successor]--;
        }
        return ordered;
    }

    static IEnumerable<ExecutableTarget> Predecessors(ExecutableTarget target) =>
        target.ExecutionDependencies.Concat(target.OrderDependencies).Concat(target.TriggerDependencies).Distinct();

    /// <summary>Tarjan's strongly connected components over every target, planned or not.</summary>
    static void FailOnCycles(IReadOnlyList<ExecutableTarget> targets)
    {
        var index = 0;
        var indices = new Dictionary<ExecutableTarget, int>();
        var lowLinks = new Dictionary<ExecutableTarget, int>();
        var stack = new Stack<ExecutableTarget>();
        var cycles = new List<List<ExecutableTarget>>();

        void Connect(ExecutableTarget v)
        {
            indices[v] = lowLinks[v] = index++;
            stack.Push(v);
            foreach (var w in Predecessors(v))
            {
                if (!indices.ContainsKey(w))
                {
                    Connect(w);
                    lowLinks[v] = Math.Min(lowLinks[v], lowLinks[w]);
                }
                else if (stack.Contains(w))
                    lowLinks[v] = Math.Min(lowLinks[v], indices[w]);
            }
            if (lowLinks[v] != indices[v])
                return;
            var component = new List<ExecutableTarget>();
            ExecutableTarget popped;
            do
            {
                popped = stack.Pop();
                component.Add(popped);
            } while (popped != v);
            if (component.Count > 1)
                cycles.Add(component.OrderBy(t => t.DeclarationIndex).ToList());
        }

        foreach (var target in targets.Where(t => !indices.ContainsKey(t)))
            Connect(target);

        if (cycles.Count > 0)
            throw new BuildDefinitionException("Circular dependencies between targets:" + Environment.NewLine +
                string.Join(Environment.NewLine, cycles.Select(c => " - " + string.Join(", ", c.Select(t => t.Name)))));
    }
}
