using System.Linq.Expressions;
using BuildEngine.CI;
using BuildEngine.Execution;
using BuildEngine.IO;

namespace BuildEngine;

/// <summary>What a build and its component interfaces can see of the engine.</summary>
public interface INukeBuild
{
    AbsolutePath RootDirectory { get; }
    AbsolutePath TemporaryDirectory { get; }
    BuildHost Host { get; }
    bool IsLocalBuild { get; }
    bool IsServerBuild { get; }
    Verbosity Verbosity { get; }

    IReadOnlyCollection<ExecutableTarget> ExecutionPlan { get; }
    IReadOnlyCollection<ExecutableTarget> InvokedTargets { get; }
    IReadOnlyCollection<ExecutableTarget> SkippedTargets { get; }
    IReadOnlyCollection<ExecutableTarget> SucceededTargets { get; }

    /// <summary>The files generated from the build (parameter schema, workflows) whose committed copy is stale, each with the fix.</summary>
    IReadOnlyList<string> FindOutdatedGeneratedFiles();

    /// <summary>Writes the generated files that changed; returns their paths.</summary>
    IReadOnlyList<string> WriteGeneratedFiles();

    /// <summary>Key/value pairs shown beside the running target in the summary table.</summary>
    void ReportSummary(Configure<Dictionary<string, string>> configure);

    /// <summary>A line printed alone after the build outcome, for people and CI log readers (e.g. "Tests: 10 passed, 0 failed").</summary>
    void ReportResultLine(string line);

    /// <summary>The value of a <c>[Parameter]</c> property declared on a component interface, or null.</summary>
    T? TryGetValue<T>(Expression<Func<T?>> parameter) where T : class;

    /// <inheritdoc cref="TryGetValue{T}(Expression{Func{T}})"/>
    T? TryGetValue<T>(Expression<Func<T?>> parameter) where T : struct;
}

/// <summary>A settings transformation: <c>_ =&gt; _.SetConfiguration("Release")</c>.</summary>
public delegate T Configure<T>(T settings);

public static class ConfigureExtensions
{
    public static T Apply<T>(this T settings, Configure<T>? configure) => configure is null ? settings : configure(settings);

    public static Dictionary<string, string> AddPair(this Dictionary<string, string> summary, string key, object? value)
    {
        summary[key] = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
        return summary;
    }
}
