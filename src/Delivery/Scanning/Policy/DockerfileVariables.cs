using System.Text.RegularExpressions;

namespace Delivery.Scanning.Policy;

/// <summary>
/// Substitutes <c>$NAME</c>, <c>${NAME}</c>, <c>${NAME:-default}</c> and <c>${NAME:+alternative}</c> from the values a
/// Dockerfile declares, so the policy judges what a build without <c>--build-arg</c> would use.
/// </summary>
public static partial class DockerfileVariables
{
    /// <summary>The expanded text, or null when a variable has no value to substitute (the policy cannot judge it).</summary>
    public static string? Expand(string text, IReadOnlyDictionary<string, string?> values)
    {
        var unresolved = false;
        var expanded = Reference().Replace(text, m =>
        {
            if (m.Groups["escaped"].Success)
                return "$";
            var name = m.Groups["plain"].Success ? m.Groups["plain"].Value : m.Groups["name"].Value;
            var value = values.TryGetValue(name, out var v) ? v : null;
            var word = m.Groups["word"].Value;
            if (m.Groups["other"].Success)
            {
                unresolved = true;
                return "";
            }
            switch (m.Groups["op"].Value)
            {
                case ":-":
                    return string.IsNullOrEmpty(value) ? word : value;
                case ":+":
                    return string.IsNullOrEmpty(value) ? "" : word;
                default:
                    if (value is null)
                        unresolved = true;
                    return value ?? "";
            }
        });
        return unresolved ? null : expanded;
    }

    /// <summary>The ARG defaults and ENV values an instruction sees, last declaration winning.</summary>
    public static Dictionary<string, string?> DeclaredBy(IEnumerable<DockerfileInstruction> instructions, IReadOnlyDictionary<string, string?>? inherited = null)
    {
        var values = new Dictionary<string, string?>(inherited ?? new Dictionary<string, string?>(), StringComparer.Ordinal);
        foreach (var instruction in instructions.Where(i => i.Keyword is "ARG" or "ENV"))
        {
            foreach (var (name, value) in DockerfileArguments.Pairs(instruction.Arguments, legacyForm: instruction.Keyword == "ENV"))
            {
                // A bare ARG inside a stage re-declares a global one and takes its default.
                if (value is not null || !values.ContainsKey(name))
                    values[name] = value is null ? null : Expand(value, values) ?? value;
            }
        }
        return values;
    }

    [GeneratedRegex(@"(?<escaped>\\\$)|\$(?:(?<plain>[A-Za-z_][A-Za-z0-9_]*)|\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?<op>:-|:\+)(?<word>[^}]*)|(?<other>[^}]+))?\})")]
    private static partial Regex Reference();
}
