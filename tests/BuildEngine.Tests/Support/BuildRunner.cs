using BuildEngine.Execution;

namespace BuildEngine.Tests.Support;

/// <summary>Runs a build in memory: a temporary root with a .nuke folder, given arguments and environment, captured output.</summary>
sealed class BuildRunner : IDisposable
{
    public BuildRunner()
    {
        Root = Directory.CreateTempSubdirectory("build-engine-test-").FullName;
        Directory.CreateDirectory(Path.Combine(Root, ".nuke"));
    }

    public string Root { get; }
    public Dictionary<string, string> Environment { get; } = new() { ["CI"] = "true" };

    public void WriteParametersFile(string name, string json) => File.WriteAllText(Path.Combine(Root, ".nuke", name), json);

    public BuildResult<T> Run<T>(params string[] arguments) where T : NukeBuild, new() => Run<T>(CancellationToken.None, arguments);

    public BuildResult<T> Run<T>(CancellationToken interrupt, params string[] arguments) where T : NukeBuild, new()
    {
        T? build = null;
        var output = new StringWriter();
        var defaults = typeof(T).GetCustomAttributes(typeof(DefaultTargetAttribute), false).Cast<DefaultTargetAttribute>().Select(a => a.Name).ToList();
        var invocation = new BuildInvocation(arguments, Environment, Root, output, IsInteractive: false, SupportsAnsi: false);
        var exitCode = BuildManager.ExecuteAsync(() => build = new T(), defaults, invocation, interrupt).GetAwaiter().GetResult();
        return new BuildResult<T>(exitCode, output.ToString(), build);
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}

/// <summary>Marks the default target of a test build (what <c>Execute&lt;T&gt;(x =&gt; x.Test)</c> does in a real one).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
sealed class DefaultTargetAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

sealed record BuildResult<T>(int ExitCode, string Output, T? Build) where T : NukeBuild
{
    public ExecutableTarget Target(string name) => Build!.Targets.Single(t => t.Name == name);
    public ExecutionStatus Status(string name) => Target(name).Status;
    public IReadOnlyList<string> Planned => Build!.ExecutionPlan.Select(t => t.Name).ToList();
    public IReadOnlyList<string> Ran => Build!.ExecutionPlan.Where(t => t.Status is ExecutionStatus.Succeeded or ExecutionStatus.Failed).Select(t => t.Name).ToList();
}
