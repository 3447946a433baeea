using System.Diagnostics;
using System.Reflection;
using Serilog;

namespace BuildEngine.Execution;

/// <summary>
/// Runs a plan with NUKE's semantics: <c>--skip</c>, static conditions and their skip cascade, requirements of the whole plan
/// before anything runs, then each target in order; a failure stops the build unless the target proceeds after failure;
/// assured targets run even after a failure or an interrupt.
/// </summary>
sealed class BuildExecutor(BuildContext context, AttemptLog attemptLog)
{
    ILogger Log => context.Logger;

    public bool Failed { get; private set; }
    public bool Aborted { get; private set; }

    /// <summary><c>--skip</c> with no names skips every target that was not invoked; invoked targets are never skipped.</summary>
    public void ApplySkipParameter(ExecutionPlan plan, IReadOnlyList<string>? skip)
    {
        foreach (var target in plan.Targets)
            target.Status = ExecutionStatus.Scheduled;
        if (skip is null)
            return;
        var skipped = skip.Count == 0
            ? plan.Targets.Where(t => !plan.IsInvoked(t)).ToList()
            : skip.Select(name => ExecutionPlanner.Resolve(name, plan.AllTargets)).Where(plan.Targets.Contains).ToList();
        foreach (var target in skipped)
            MarkSkipped(plan, target, "Skipped: via parameter");
    }

    public void Prepare(ExecutionPlan plan, IReadOnlyList<string>? skip, bool continueAttempt)
    {
        ApplySkipParameter(plan, skip);

        foreach (var target in plan.Targets.Where(t => t.Status == ExecutionStatus.Scheduled))
        {
            var failing = target.Definition.StaticConditions.Where(c => !c.Evaluate()).Select(c => c.Text).ToList();
            if (failing.Count > 0)
                MarkSkipped(plan, target, "OnlyWhen: " + string.Join(" && ", failing), force: true);
        }

        CheckRequirements(plan);

        if (continueAttempt)
        {
            foreach (var target in plan.Targets.Where(t => t.Status == ExecutionStatus.Scheduled && attemptLog.PreviouslySucceeded.Contains(t.Name)))
            {
                target.Status = ExecutionStatus.Skipped;
                target.SummaryInfo = "Skipped: succeeded in the previous attempt";
            }
        }
    }

    public async Task RunAsync(ExecutionPlan plan, CancellationToken cancellation)
    {
        foreach (var target in plan.Targets)
        {
            if (Failed || Aborted)
                break;
            if (target.Status != ExecutionStatus.Scheduled)
                continue;
            var failing = target.Definition.DynamicConditions.Where(c => !c.Evaluate()).Select(c => c.Text).ToList();
            if (failing.Count > 0)
            {
                target.Status = ExecutionStatus.Skipped;
                target.SummaryInfo = "OnlyWhen: " + string.Join(" && ", failing);
                Log.Information("Skipping {Target} (OnlyWhen: {Condition})", target.Name, string.Join(" && ", failing));
                continue;
            }
            if (target.IsCollective)
            {
                target.Status = ExecutionStatus.Collective;
                continue;
            }
            await ExecuteAsync(target, cancellation, failureMode: false);
        }

        if (Failed || Aborted)
        {
            var assured = plan.Targets.Where(t => t.Status == ExecutionStatus.Scheduled && t.AssuredAfterFailure && !t.IsCollective).ToList();
            if (assured.Count > 0)
            {
                // Assured targets are clean-up: they run with a fresh token so an interrupt does not kill them too.
                BuildCancellation.Token = CancellationToken.None;
                foreach (var target in assured)
                    await ExecuteAsync(target, CancellationToken.None, failureMode: true);
            }
        }

        foreach (var target in plan.Targets.Where(t => t.Status == ExecutionStatus.Scheduled))
            target.Status = ExecutionStatus.NotRun;
    }

    async Task ExecuteAsync(ExecutableTarget target, CancellationToken cancellation, bool failureMode)
    {
        TargetHeader.Write(Log, context.Host, target.Name);
        context.CurrentTarget = target;
        target.Status = ExecutionStatus.Running;
        var stopwatch = Stopwatch.StartNew();
        try
        {
            foreach (var action in target.Definition.Actions)
                await Task.Run(action, CancellationToken.None).WaitAsync(cancellation);
            target.Status = ExecutionStatus.Succeeded;
            attemptLog.RecordSuccess(target.Name);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            target.Status = ExecutionStatus.Aborted;
            target.SummaryInfo = "Aborted: the build was interrupted";
            Aborted = true;
            Log.Warning("Target {Target} was aborted", target.Name);
        }
        catch (Exception exception)
        {
            var error = Unwrap(exception);
            target.Status = ExecutionStatus.Failed;
            target.SummaryInfo = $"{error.GetType().Name}: {error.Message.Split('\n')[0].TrimEnd('\r')}";
            Log.Error("Target {Target} has thrown an exception: {Message}", target.Name, error.Message);
            Log.Verbose(error, "Stack trace of {Target}", target.Name);
            // A target that proceeds after failure still fails the build, at the end.
            if (!target.ProceedAfterFailure && !failureMode)
                Failed = true;
        }
        finally
        {
            target.Duration = stopwatch.Elapsed;
            context.CurrentTarget = null;
            TargetHeader.WriteEnd(Log, context.Host, target);
        }
    }

    void MarkSkipped(ExecutionPlan plan, ExecutableTarget target, string reason, bool force = false)
    {
        if (target.Status != ExecutionStatus.Scheduled || (!force && plan.IsInvoked(target)))
            return;
        target.Status = ExecutionStatus.Skipped;
        target.SummaryInfo = reason;
        if (target.SkipBehavior == DependencyBehavior.Execute)
            return;
        foreach (var dependency in target.ExecutionDependencies.Concat(target.Triggers).Where(plan.Targets.Contains).Distinct().ToList())
        {
            var stillNeeded = plan.Targets.Any(other => other != target && other.Status == ExecutionStatus.Scheduled &&
                                                        (other.ExecutionDependencies.Contains(dependency) || other.Triggers.Contains(dependency)));
            if (!stillNeeded)
                MarkSkipped(plan, dependency, $"Skipped: because of {target.Name}");
        }
    }

    void CheckRequirements(ExecutionPlan plan)
    {
        var problems = new List<string>();
        foreach (var target in plan.Targets.Where(t => t.Status == ExecutionStatus.Scheduled))
        {
            foreach (var requirement in target.Definition.Requirements)
            {
                switch (requirement)
                {
                    case MemberRequirement member when !member.IsSatisfied() && !RequirementPrompt.TryFill(context, member):
                        problems.Add(DescribeMissing(target, member));
                        break;
                    case ConditionRequirement condition when !condition.Condition():
                        problems.Add($"Target '{target.Name}' requires '{condition.Text}'.");
                        break;
                }
            }
        }
        if (problems.Count > 0)
            throw new RequirementsException(problems);
    }

    string DescribeMissing(ExecutableTarget target, MemberRequirement requirement)
    {
        var message = $"Target '{target.Name}' requires member '{requirement.Member.Name}' to be not null or empty.";
        if (context.Parameters.Find(requirement.Member) is not { } parameter)
            return message;
        return message + " Looked for it in: " + string.Join("; ", context.Parameters.DescribeSources(parameter)) + ".";
    }

    static Exception Unwrap(Exception exception) => exception switch
    {
        TargetInvocationException { InnerException: { } inner } => Unwrap(inner),
        AggregateException { InnerExceptions.Count: 1 } aggregate => Unwrap(aggregate.InnerExceptions[0]),
        _ => exception,
    };
}

/// <summary>One or more requirements of the plan are not met; nothing has run.</summary>
sealed class RequirementsException(IReadOnlyList<string> problems) : Exception(string.Join(Environment.NewLine, problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
