namespace Delivery.Execution;

public enum StepKind
{
    /// <summary>Run once; a non-zero exit fails the plan.</summary>
    Run,

    /// <summary>Run until it succeeds or the timeout passes (a readiness probe).</summary>
    WaitUntilSucceeds,
}

/// <summary>One command of a plan, as data: what it is for, the argument vector, and how long it may take.</summary>
public sealed record Step(string Description, IReadOnlyList<string> Command, StepKind Kind = StepKind.Run, TimeSpan? Timeout = null)
{
    /// <summary>Variables the command runs with (compose reads images and ports from them).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Names in <see cref="Environment"/> whose values are secrets: rendered as <c>***</c>, never logged.</summary>
    public IReadOnlySet<string> SecretNames { get; init; } = new HashSet<string>();

    public static Step Run(string description, params string[] command) => new(description, command);

    public static Step WaitUntil(string description, TimeSpan timeout, params string[] command) =>
        new(description, command, StepKind.WaitUntilSucceeds, timeout);

    /// <summary>The same command with more variables; <paramref name="secrets"/> are redacted wherever the step is shown.</summary>
    public Step With(IReadOnlyDictionary<string, string> variables, IReadOnlyDictionary<string, string>? secrets = null) => this with
    {
        Environment = Environment.Concat(variables).Concat(secrets ?? new Dictionary<string, string>())
            .GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value),
        SecretNames = SecretNames.Concat(secrets?.Keys ?? []).ToHashSet(),
    };

    public override string ToString() =>
        (Kind == StepKind.WaitUntilSucceeds ? $"wait up to {Timeout?.TotalSeconds:0} s until: " : "") +
        string.Concat(Environment.Where(p => p.Key.Contains("IMAGE", StringComparison.Ordinal) || SecretNames.Contains(p.Key))
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => $"{p.Key}={(SecretNames.Contains(p.Key) ? "***" : Quote(p.Value))} ")) +
        string.Join(' ', Command.Select(Quote));

    static string Quote(string argument) => argument.Length > 0 && argument.All(c => !char.IsWhiteSpace(c) && c is not ('"' or '\'' or '$' or '&' or '|' or ';' or '>' or '<'))
        ? argument
        : "'" + argument.Replace("'", "'\\''") + "'";
}

/// <summary>What an operation will do, in order; printed by <c>--plan</c>-style dry runs and asserted on by tests.</summary>
public sealed record Plan(string Title, IReadOnlyList<Step> Steps)
{
    public static Plan Empty(string title) => new(title, []);

    public bool IsEmpty => Steps.Count == 0;

    public string Render() => Steps.Count == 0
        ? $"{Title}: nothing to do"
        : $"{Title}:{Environment.NewLine}" + string.Join(Environment.NewLine, Steps.Select((s, i) => $"  {i + 1}. {s.Description}{Environment.NewLine}     {s}"));
}
