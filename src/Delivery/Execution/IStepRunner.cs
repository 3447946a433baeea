namespace Delivery.Execution;

/// <summary>The only way a plan's commands run: the process runner for real, a recording one in tests.</summary>
public interface IStepRunner
{
    void Run(Plan plan);

    /// <summary>Runs a read-only step quietly and returns its exit code and standard output, whatever they are.</summary>
    StepResult Probe(Step step) => throw new NotSupportedException($"{GetType().Name} cannot probe: {step.Description}");
}

/// <summary>What a probe step answered.</summary>
public sealed record StepResult(int ExitCode, string Output)
{
    public bool Succeeded => ExitCode == 0;
}
