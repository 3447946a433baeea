using System.Text;
using BuildEngine.Execution;

namespace BuildEngine.Cli;

/// <summary><c>--plan</c>: the ordered plan with the reason each target is in it, or a Mermaid graph. Runs nothing.</summary>
static class PlanWriter
{
    public static string RenderText(ExecutionPlan plan)
    {
        var text = new StringBuilder();
        var width = plan.Targets.Select(t => t.Name.Length).DefaultIfEmpty(0).Max() + 2;
        text.AppendLine($"Plan ({plan.Targets.Count} targets, in the order they run):");
        var number = 0;
        foreach (var target in plan.Targets)
        {
            var notes = new List<string> { plan.Reasons[target].Text };
            if (target.Status == ExecutionStatus.Skipped && target.SummaryInfo is { } reason)
                notes.Add(reason.Replace("Skipped: ", "skipped ", StringComparison.Ordinal));
            if (target.StaticConditionTexts.Count > 0)
                notes.Add("only when " + string.Join(" && ", target.StaticConditionTexts));
            if (target.DynamicConditionTexts.Count > 0)
                notes.Add("only when (checked just before it runs) " + string.Join(" && ", target.DynamicConditionTexts));
            if (target.IsCollective)
                notes.Add("collective: groups its dependencies");
            if (target.AssuredAfterFailure)
                notes.Add("runs even after a failure");
            text.AppendLine($"  {++number,2}. {target.Name.PadRight(width)}{string.Join("; ", notes)}");
        }
        return text.ToString();
    }

    /// <summary><c>--&gt;</c> execution dependency, <c>-.-&gt;</c> ordering, <c>==&gt;</c> trigger; arrows point the way the build runs.</summary>
    public static string RenderMermaid(ExecutionPlan plan)
    {
        var text = new StringBuilder("graph LR").AppendLine();
        var members = plan.Targets.ToHashSet();
        foreach (var target in plan.Targets)
        {
            text.AppendLine($"  {target.Name}");
            foreach (var dependency in target.ExecutionDependencies.Where(members.Contains))
                text.AppendLine($"  {dependency.Name} --> {target.Name}");
            foreach (var earlier in target.OrderDependencies.Where(members.Contains).Except(target.ExecutionDependencies))
                text.AppendLine($"  {earlier.Name} -.-> {target.Name}");
            foreach (var trigger in target.TriggerDependencies.Where(members.Contains))
                text.AppendLine($"  {trigger.Name} ==> {target.Name}");
        }
        var skipped = plan.Targets.Where(t => t.Status == ExecutionStatus.Skipped).Select(t => t.Name).ToList();
        if (skipped.Count > 0)
        {
            text.AppendLine("  classDef skipped stroke-dasharray: 5 5,color:#888");
            text.AppendLine($"  class {string.Join(",", skipped)} skipped");
        }
        return text.ToString();
    }
}
