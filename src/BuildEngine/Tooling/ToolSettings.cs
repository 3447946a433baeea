using System.Collections.Immutable;

namespace BuildEngine.Tooling;

/// <summary>
/// The immutable settings of one tool invocation. Fluent <c>SetX</c> methods return modified copies, so a settings
/// value can be built up in layers (<c>Apply(Base).Apply(Custom)</c>), logged and asserted on before anything runs.
/// </summary>
public abstract record ToolSettings
{
    public string? ProcessToolPath { get; init; }
    public string? ProcessWorkingDirectory { get; init; }
    public ImmutableDictionary<string, string?> ProcessEnvironmentVariables { get; init; } = ImmutableDictionary<string, string?>.Empty;
    public TimeSpan? ProcessExecutionTimeout { get; init; }
    public bool ProcessLogOutput { get; init; } = true;
    public bool ProcessAssertZeroExitCode { get; init; } = true;

    protected abstract string ToolName { get; }

    /// <summary>The argument vector, without the tool itself.</summary>
    public abstract IReadOnlyList<string> GetArguments();

    public ProcessResult Run() => ProcessTasks.StartProcess(ProcessToolPath ?? ProcessTasks.ResolveTool(ToolName), GetArguments(), new ProcessOptions
    {
        WorkingDirectory = ProcessWorkingDirectory,
        EnvironmentVariables = ProcessEnvironmentVariables,
        Timeout = ProcessExecutionTimeout,
        LogOutput = ProcessLogOutput,
        AssertZeroExitCode = ProcessAssertZeroExitCode,
    });
}

public static class ToolSettingsExtensions
{
    public static T SetProcessToolPath<T>(this T settings, string? path) where T : ToolSettings => (T)(settings with { ProcessToolPath = path });
    public static T SetProcessWorkingDirectory<T>(this T settings, string? directory) where T : ToolSettings => (T)(settings with { ProcessWorkingDirectory = directory });
    public static T SetProcessExecutionTimeout<T>(this T settings, TimeSpan? timeout) where T : ToolSettings => (T)(settings with { ProcessExecutionTimeout = timeout });
    public static T DisableProcessOutputLogging<T>(this T settings) where T : ToolSettings => (T)(settings with { ProcessLogOutput = false });
    public static T DisableProcessAssertZeroExitCode<T>(this T settings) where T : ToolSettings => (T)(settings with { ProcessAssertZeroExitCode = false });

    public static T SetProcessEnvironmentVariable<T>(this T settings, string name, string? value) where T : ToolSettings =>
        (T)(settings with { ProcessEnvironmentVariables = settings.ProcessEnvironmentVariables.SetItem(name, value) });

    /// <summary>Applies <paramref name="configure"/> only when <paramref name="condition"/> holds.</summary>
    public static T When<T>(this T settings, bool condition, Configure<T> configure) where T : ToolSettings => condition ? configure(settings) : settings;
}
