namespace BuildEngine.CI.GitHubActions;

/// <summary>
/// Declares <c>.github/workflows/&lt;name&gt;.yml</c>, with NUKE's property names. Either <see cref="InvokedTargets"/>
/// (one job per image, as in NUKE) or <see cref="Jobs"/>: the name of a static member of the build returning
/// <see cref="GitHubActionsJob"/>s, for a pipeline of jobs with needs, environments, permissions and outputs.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class GitHubActionsAttribute(string name, GitHubActionsImage image, params GitHubActionsImage[] images) : Attribute
{
    public string Name { get; } = name.Replace(' ', '_');
    public IReadOnlyList<GitHubActionsImage> Images { get; } = [image, .. images];

    public string[] OnPushBranches { get; set; } = [];
    public string[] OnPushBranchesIgnore { get; set; } = [];
    public string[] OnPushTags { get; set; } = [];
    public string[] OnPushIncludePaths { get; set; } = [];
    public string[] OnPushExcludePaths { get; set; } = [];
    public string[] OnPullRequestBranches { get; set; } = [];
    public string[] OnPullRequestIncludePaths { get; set; } = [];
    public string[] OnPullRequestExcludePaths { get; set; } = [];

    /// <summary>Manual runs; inputs are parameters, typed from the parameter's C# type (string, boolean, choice for enums).</summary>
    public bool OnWorkflowDispatch { get; set; }
    public string[] OnWorkflowDispatchOptionalInputs { get; set; } = [];
    public string[] OnWorkflowDispatchRequiredInputs { get; set; } = [];

    public string? OnCronSchedule { get; set; }
    public string[] OnCronSchedules { get; set; } = [];

    public string[] InvokedTargets { get; set; } = [];

    /// <summary>The name of a static property or field of the build returning the jobs (use <c>nameof</c>).</summary>
    public string? Jobs { get; set; }

    /// <summary>Secret parameters given to every job of an <see cref="InvokedTargets"/> workflow (jobs declare their own).</summary>
    public string[] ImportSecrets { get; set; } = [];

    /// <summary>0 fetches the whole history, which versioning needs.</summary>
    public int FetchDepth { get; set; }

    public int TimeoutMinutes { get; set; }
    public string? ConcurrencyGroup { get; set; }
    public bool ConcurrencyCancelInProgress { get; set; }
    public string[] CacheKeyFiles { get; set; } = ["**/global.json", "**/*.csproj", "**/Directory.Packages.props"];
    public bool AutoGenerate { get; set; } = true;

    public IReadOnlyList<string> CronSchedules => OnCronSchedule is null ? OnCronSchedules : [OnCronSchedule, .. OnCronSchedules];
}
