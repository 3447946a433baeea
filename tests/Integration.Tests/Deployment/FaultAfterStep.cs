using Delivery.Execution;

namespace Integration.Tests.Deployment;

/// <summary>
/// The real runner, plus one injected fault: right after the first step described as <paramref name="after"/> in a plan
/// whose title starts with <paramref name="inPlan"/>, <paramref name="fault"/> runs once. That reaches between two steps
/// of one plan (after <c>nginx -t</c>, before the reload), where a test cannot time anything from outside.
/// </summary>
public sealed class FaultAfterStep(IStepRunner inner, string inPlan, string after, Step fault) : IStepRunner
{
    bool _fired;

    public void Run(Plan plan)
    {
        if (_fired || !plan.Title.StartsWith(inPlan, StringComparison.Ordinal) || plan.Steps.All(s => s.Description != after))
        {
            inner.Run(plan);
            return;
        }
        foreach (var step in plan.Steps)
        {
            inner.Run(plan with { Steps = [step] });
            if (step.Description == after && !_fired)
            {
                _fired = true;
                inner.Run(new Plan("Injected fault", [fault]));
            }
        }
    }

    public StepResult Probe(Step step) => inner.Probe(step);
}
