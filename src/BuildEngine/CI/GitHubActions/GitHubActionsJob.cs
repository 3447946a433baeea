namespace BuildEngine.CI.GitHubActions;

/// <summary>
/// One job of a workflow: the targets it invokes (by name), and how it sits in the pipeline. Targets an upstream job
/// already ran are passed to <c>--skip</c>; artifacts move between jobs as the targets' Produces/Consumes say.
/// </summary>
public sealed record GitHubActionsJob(string Id, params string[] Targets)
{
    public string? Name { get; init; }
    public string[] Needs { get; init; } = [];
    public string? If { get; init; }
    public GitHubActionsImage? Image { get; init; }
    public GitHubActionsEnvironment? Environment { get; init; }
    public GitHubActionsPermission[] WritePermissions { get; init; } = [];

    /// <summary>Defaults to <c>deploy-&lt;environment&gt;</c>, never cancelled, for a job with an environment.</summary>
    public string? ConcurrencyGroup { get; init; }
    public bool ConcurrencyCancelInProgress { get; init; }
    public int? TimeoutMinutes { get; init; }

    /// <summary>Secret parameters this job receives as environment variables from <c>secrets.*</c>.</summary>
    public string[] ImportSecrets { get; init; } = [];

    /// <summary>
    /// Parameters whose values this job hands to the jobs that need it. A target writes them with
    /// <c>GitHubActions.Instance?.SetOutput(nameof(Parameter), value)</c>; a dependent job receives them as that parameter.
    /// </summary>
    public string[] Outputs { get; init; } = [];

    /// <summary>Constant arguments appended to the build invocation (e.g. <c>--type full</c>).</summary>
    public string[] Arguments { get; init; } = [];

    /// <summary>Pinned third-party actions run before the build, e.g. a scanner's installer the build finds on the PATH.</summary>
    public GitHubActionsSetupStep[] Setup { get; init; } = [];

    /// <summary>
    /// A folder of SARIF files the build writes, uploaded to code scanning even when the build fails (a failed gate is
    /// when the findings matter most). Grants the job <c>security-events: write</c>.
    /// </summary>
    public string? UploadSarif { get; init; }
}

/// <summary>One pinned action run before the build, with its inputs.</summary>
public sealed record GitHubActionsSetupStep(string Name, PinnedActions.Pin Pin, params (string Key, string Value)[] With);

/// <summary>A GitHub environment: protection rules (required reviewers) and scoped secrets are configured there.</summary>
public sealed record GitHubActionsEnvironment(string Name, string? Url = null);
