using BuildEngine.Execution;

namespace BuildEngine.Tests.Support;

/// <summary>One row of the summary table printed at the end of a build.</summary>
sealed record SummaryRow(string Name, ExecutionStatus Status, string? Info);

/// <summary>Reads the summary table (Target / Status / Duration ... Total) back out of a build's captured output.</summary>
static class SummaryTable
{
    const string InfoSeparator = "   // ";

    public static IReadOnlyList<SummaryRow> Parse(string output)
    {
        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var header = lines.FindLastIndex(l => l.StartsWith("Target ", StringComparison.Ordinal) && l.Contains("Status", StringComparison.Ordinal) &&
                                              l.TrimEnd().EndsWith("Duration", StringComparison.Ordinal));
        Assert.True(header >= 0, "The output has no summary table:\n" + output);
        Assert.StartsWith("─", lines[header + 1], StringComparison.Ordinal);
        return lines.Skip(header + 2).TakeWhile(l => !l.StartsWith('─')).Select(ParseRow).ToList();
    }

    public static IReadOnlyList<string> Names(string output) => Parse(output).Select(r => r.Name).ToList();

    public static SummaryRow Row(string output, string name) => Parse(output).Single(r => r.Name == name);

    static SummaryRow ParseRow(string line)
    {
        var separator = line.IndexOf(InfoSeparator, StringComparison.Ordinal);
        var main = separator >= 0 ? line[..separator] : line;
        var tokens = main.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return new SummaryRow(tokens[0], Enum.Parse<ExecutionStatus>(tokens[1]), separator >= 0 ? line[(separator + InfoSeparator.Length)..] : null);
    }
}
