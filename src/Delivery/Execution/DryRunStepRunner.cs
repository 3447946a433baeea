using Serilog;

namespace Delivery.Execution;

/// <summary>
/// A dry run: every read-only probe asks the real engine, so each decision is the one a real run would take now; every
/// plan is printed (secrets as ***) and kept instead of run.
/// </summary>
public sealed class DryRunStepRunner(IStepRunner inner) : IStepRunner
{
    public List<Plan> Plans { get; } = [];

    public void Run(Plan plan)
    {
        Plans.Add(plan);
        Log.Information("(dry run) {Plan}", plan.Render());
    }

    public StepResult Probe(Step step) => inner.Probe(step);
}
