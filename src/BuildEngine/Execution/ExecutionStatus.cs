namespace BuildEngine.Execution;

public enum ExecutionStatus
{
    None,
    Scheduled,
    Running,
    Succeeded,
    Failed,
    Skipped,
    NotRun,
    Aborted,

    /// <summary>A target without actions: it groups its dependencies and is left out of the summary.</summary>
    Collective,
}
