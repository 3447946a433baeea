using BuildEngine.CI;
using BuildEngine.IO;
using BuildEngine.Parameters;
using Serilog;

namespace BuildEngine.Execution;

/// <summary>The state of one build run, shared by the engine's parts.</summary>
sealed class BuildContext
{
    public required BuildInvocation Invocation { get; init; }
    public required ArgumentParser Arguments { get; init; }
    public required AbsolutePath Root { get; init; }
    public required BuildHost Host { get; init; }
    public required Verbosity Verbosity { get; init; }
    public required ILogger Logger { get; init; }
    public ParameterService Parameters { get; set; } = null!;
    public ExecutionPlan? Plan { get; set; }
    public NukeBuild? Build { get; set; }
    public ExecutableTarget? CurrentTarget { get; set; }
    public List<string> ResultLines { get; } = [];
}
