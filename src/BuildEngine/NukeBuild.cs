using System.Linq.Expressions;
using System.Reflection;
using BuildEngine.CI;
using BuildEngine.CI.GitHubActions;
using BuildEngine.Cli;
using BuildEngine.Execution;
using BuildEngine.IO;

namespace BuildEngine;

/// <summary>
/// The base of a build: <c>class Build : NukeBuild</c> with <c>public static int Main() =&gt; Execute&lt;Build&gt;(x =&gt; x.Test);</c>
/// </summary>
public abstract class NukeBuild : INukeBuild
{
    BuildContext? _context;

    internal BuildContext Context
    {
        get => _context ?? throw new InvalidOperationException("The build is not running: engine state is only available once Execute<T>() has started it.");
        set => _context = value;
    }

    /// <summary>Runs the build with the process's arguments; the given targets run when none is named.</summary>
    protected static int Execute<T>(params Expression<Func<T, Target>>[] defaultTargets) where T : NukeBuild, new() =>
        BuildManager.Execute(() => new T(), defaultTargets.Select(TargetName).ToList(), BuildInvocation.FromProcess());

    internal IReadOnlyList<ExecutableTarget> Targets { get; set; } = [];

    const string SchemaFile = ".nuke/build.schema.json";

    IEnumerable<GitHubActionsAttribute> Workflows => GetType().GetCustomAttributes<GitHubActionsAttribute>().Where(w => w.AutoGenerate);

    /// <summary>Files generated from the build and kept in git: the parameter schema and the GitHub Actions workflows.</summary>
    protected internal virtual IEnumerable<GeneratedFile> GeneratedFiles =>
    [
        new(SchemaFile, BuildSchema.Generate(Targets, Context.Parameters.Members), "./build.sh --help"),
        .. Workflows.Select(w => WorkflowGenerator.Generate(w, GetType(), Targets, Context.Parameters.Members)),
    ];

    /// <summary>Where the generated files go, known without generating them.</summary>
    protected internal virtual IEnumerable<string> GeneratedFilePaths => [SchemaFile, .. Workflows.Select(WorkflowGenerator.PathOf)];

    /// <summary>Writes every generated file (and removes a generated workflow that has no job left).</summary>
    public IReadOnlyList<string> WriteGeneratedFiles()
    {
        var written = GeneratedFiles.Where(f => !f.IsUpToDate(RootDirectory)).ToList();
        foreach (var file in written)
            file.Write(RootDirectory);
        return written.Select(f => f.RelativePath).ToList();
    }

    /// <summary>Each generated file whose committed copy differs from what the build generates now, with the command that fixes it.</summary>
    public IReadOnlyList<string> FindOutdatedGeneratedFiles() =>
        GeneratedFiles.Where(f => !f.IsUpToDate(RootDirectory))
            .Select(f => $"{f.RelativePath} is out of date; run {f.Command} and commit the result")
            .ToList();

    public AbsolutePath RootDirectory => Context.Root;
    public AbsolutePath TemporaryDirectory => RootDirectory / ".nuke" / "temp";
    public BuildHost Host => Context.Host;
    public bool IsLocalBuild => !IsServerBuild;
    public bool IsServerBuild => Host.IsServerBuild;
    public Verbosity Verbosity => Context.Verbosity;

    public IReadOnlyCollection<ExecutableTarget> ExecutionPlan => Context.Plan?.Targets ?? [];
    public IReadOnlyCollection<ExecutableTarget> InvokedTargets => Context.Plan?.InvokedTargets ?? [];
    public IReadOnlyCollection<ExecutableTarget> SkippedTargets => ExecutionPlan.Where(t => t.Status == ExecutionStatus.Skipped).ToList();
    public IReadOnlyCollection<ExecutableTarget> SucceededTargets => ExecutionPlan.Where(t => t.Status == ExecutionStatus.Succeeded).ToList();

    public void ReportSummary(Configure<Dictionary<string, string>> configure)
    {
        var target = Context.CurrentTarget ?? throw new InvalidOperationException("ReportSummary can only be called while a target runs.");
        lock (target.Summary)
            configure(target.Summary);
    }

    public void ReportResultLine(string line)
    {
        lock (Context.ResultLines)
            Context.ResultLines.Add(line);
    }

    public T? TryGetValue<T>(Expression<Func<T?>> parameter) where T : class => (T?)GetParameterValue(parameter);

    public T? TryGetValue<T>(Expression<Func<T?>> parameter) where T : struct => (T?)GetParameterValue(parameter);

    object? GetParameterValue(LambdaExpression expression)
    {
        var member = Requirement.ForMember(expression).Member;
        var parameter = Context.Parameters.Find(member)
                        ?? throw new BuildDefinitionException($"'{member.DeclaringType?.Name}.{member.Name}' is read with TryGetValue but has no [Parameter] attribute.");
        return Context.Parameters.Resolve(parameter)?.Value;
    }

    static string TargetName<T>(Expression<Func<T, Target>> selector) =>
        selector.Body is MemberExpression { Member: PropertyInfo property }
            ? property.Name
            : throw new BuildDefinitionException($"Default targets are given as properties, e.g. Execute<Build>(x => x.Test); got '{selector}'.");
}
