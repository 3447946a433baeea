namespace Delivery.Execution;

/// <summary>The only way a plan's commands run: the process runner for real, a recording one in tests.</summary>
public interface IStepRunner
{
    void Run(Plan plan);
}
