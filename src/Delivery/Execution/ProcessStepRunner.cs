using System.Diagnostics;
using BuildEngine.Tooling;
using Serilog;

namespace Delivery.Execution;

/// <summary>Runs each step as a process, with a progress line per step; the first failing step stops the plan.</summary>
public sealed class ProcessStepRunner : IStepRunner
{
    static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    public void Run(Plan plan)
    {
        for (var index = 0; index < plan.Steps.Count; index++)
        {
            var step = plan.Steps[index];
            Log.Information("[{Index}/{Count}] {Description}", index + 1, plan.Steps.Count, step.Description);
            var stopwatch = Stopwatch.StartNew();
            if (step.Kind == StepKind.WaitUntilSucceeds)
                WaitUntilSucceeds(step);
            else
                ProcessTasks.StartProcess(Tool(step), step.Command.Skip(1), new ProcessOptions { Timeout = step.Timeout, EnvironmentVariables = Variables(step) });
            Log.Debug("{Description} took {Seconds:0.0} s", step.Description, stopwatch.Elapsed.TotalSeconds);
        }
    }

    public StepResult Probe(Step step)
    {
        var result = ProcessTasks.Probe(Tool(step), step.Command.Skip(1), step.Timeout ?? TimeSpan.FromSeconds(60), environmentVariables: Variables(step));
        return new StepResult(result.ExitCode, result.StandardOutput,
            string.Join('\n', result.Output.Where(o => o.Type == OutputType.Err).Select(o => o.Text)));
    }

    static string Tool(Step step) => step.Command[0].Contains('/') ? step.Command[0] : ProcessTasks.ResolveTool(step.Command[0]);

    static IReadOnlyDictionary<string, string?> Variables(Step step) => step.Environment.ToDictionary(p => p.Key, p => (string?)p.Value);

    static void WaitUntilSucceeds(Step step)
    {
        var deadline = Deadline.After(step.Timeout ?? TimeSpan.FromSeconds(60));
        ProcessResult? last = null;
        while (!deadline.Passed)
        {
            BuildEngine.BuildCancellation.Token.ThrowIfCancellationRequested();
            last = ProcessTasks.Probe(step.Command[0], step.Command.Skip(1), TimeSpan.FromSeconds(10), environmentVariables: Variables(step));
            if (last.ExitCode == 0)
                return;
            Thread.Sleep(PollInterval);
        }
        throw new ProcessException(Path.GetFileName(step.Command[0]), $"did not succeed within {step.Timeout?.TotalSeconds:0} s ({step.Description})",
            step.ToString(), Directory.GetCurrentDirectory(), last?.Output ?? [], last?.ExitCode);
    }
}
