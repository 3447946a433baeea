namespace BuildEngine.Tooling;

public enum OutputType
{
    Std,
    Err,
}

public sealed record Output(OutputType Type, string Text);

public sealed record ProcessResult(int ExitCode, IReadOnlyList<Output> Output, TimeSpan Duration)
{
    /// <summary>Standard output only, one line per entry.</summary>
    public string StandardOutput => string.Join('\n', Output.Where(o => o.Type == OutputType.Std).Select(o => o.Text));
}

/// <summary>How to run a process. Environment variables are added to the inherited environment (a null value removes one).</summary>
public sealed record ProcessOptions
{
    public string? WorkingDirectory { get; init; }
    public IReadOnlyDictionary<string, string?> EnvironmentVariables { get; init; } = new Dictionary<string, string?>();
    public TimeSpan? Timeout { get; init; }
    public bool LogOutput { get; init; } = true;
    public bool LogInvocation { get; init; } = true;
    public bool AssertZeroExitCode { get; init; } = true;
}
