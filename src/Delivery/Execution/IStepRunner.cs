namespace Delivery.Execution;

/// <summary>The only way a plan's commands run: the process runner for real, a recording one in tests.</summary>
public interface IStepRunner
{
    void Run(Plan plan);

    /// <summary>Runs a read-only step quietly and returns its exit code and standard output, whatever they are.</summary>
    StepResult Probe(Step step) => throw new NotSupportedException($"{GetType().Name} cannot probe: {step.Description}");
}

/// <summary>What a probe step answered: its standard output, and its standard error apart, for the message when it fails.</summary>
public sealed record StepResult(int ExitCode, string Output, string Errors = "")
{
    public bool Succeeded => ExitCode == 0;
}

public static class StepRunnerExtensions
{
    /// <summary>For compensations and clean-up: a failure is logged as a warning, never allowed to mask the error being handled. False when it failed.</summary>
    public static bool TryRun(this IStepRunner runner, Plan plan)
    {
        try
        {
            runner.Run(plan);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Serilog.Log.Warning("{Plan} failed: {Message}", plan.Title, e.Message);
            return false;
        }
    }
}
