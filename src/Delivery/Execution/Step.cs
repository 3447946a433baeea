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
    public static Step Run(string description, params string[] command) => new(description, command);

    public static Step WaitUntil(string description, TimeSpan timeout, params string[] command) =>
        new(description, command, StepKind.WaitUntilSucceeds, timeout);

    public override string ToString() =>
        (Kind == StepKind.WaitUntilSucceeds ? $"wait up to {Timeout?.TotalSeconds:0} s until: " : "") + string.Join(' ', Command.Select(Quote));

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
