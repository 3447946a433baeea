using System.Text;
using BuildEngine.Execution;
using BuildEngine.Parameters;

namespace BuildEngine.Cli;

/// <summary><c>--help</c>: listed targets with their direct dependencies and descriptions, then parameters.</summary>
static class HelpWriter
{
    public static string Render(IReadOnlyList<ExecutableTarget> targets, IReadOnlyList<ParameterMember> parameters)
    {
        var text = new StringBuilder();
        text.AppendLine("Targets (with their direct dependencies):").AppendLine();
        var listed = targets.Where(t => t.Listed).ToList();
        var nameWidth = Math.Max(listed.Select(t => t.Name.Length + (t.IsDefault ? 10 : 0)).DefaultIfEmpty(0).Max() + 2, 20);
        foreach (var target in listed)
        {
            var name = target.Name + (target.IsDefault ? " (default)" : "");
            var dependencies = target.ExecutionDependencies.Count > 0 ? " -> " + string.Join(", ", target.ExecutionDependencies.Select(d => d.Name)) : "";
            text.AppendLine($"  {name.PadRight(nameWidth)}{dependencies}".TrimEnd());
            if (target.Description is { } description)
                text.AppendLine($"      {description}");
        }

        text.AppendLine().AppendLine("Parameters:").AppendLine();
        var user = parameters.Where(p => p.Listed)
            .Select(p => (Name: p.CommandLineName, Text: Sentence(p.Description) + $" [{ValueConverter.Describe(p.Type)}{(p.IsSecret ? ", secret" : "")}; env {p.EnvironmentName}]"))
            .ToList();
        var builtIn = BuiltInParameters.All.Select(b => (Name: "--" + ParameterNames.ToKebab(b.Name), Text: Sentence(b.Description) + $" [{b.Type}]")).ToList();
        var width = Math.Max(user.Concat(builtIn).Max(p => p.Name.Length) + 2, 16);
        foreach (var (name, description) in user)
            text.AppendLine($"  {name.PadRight(width)}{description}");
        if (user.Count > 0)
            text.AppendLine();
        foreach (var (name, description) in builtIn)
            text.AppendLine($"  {name.PadRight(width)}{description}");
        return text.ToString();
    }

    static string Sentence(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return "";
        text = text.Trim();
        return text.EndsWith('.') ? text : text + ".";
    }
}
