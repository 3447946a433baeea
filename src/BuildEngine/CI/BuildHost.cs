namespace BuildEngine.CI;

/// <summary>Where the build runs. A server build never prompts and writes plain text.</summary>
public sealed record BuildHost(string Name, bool IsServerBuild)
{
    public static readonly BuildHost Terminal = new("Terminal", false);
    public static readonly BuildHost GitHubActions = new("GitHubActions", true);

    public bool IsGitHubActions => this == GitHubActions;

    public static BuildHost Detect(IReadOnlyDictionary<string, string> environment)
    {
        bool Set(string name) => environment.TryGetValue(name, out var value) && value.Length > 0 && !value.Equals("false", StringComparison.OrdinalIgnoreCase) && value != "0";
        if (Set("GITHUB_ACTIONS"))
            return GitHubActions;
        foreach (var (variable, name) in new[] { ("TF_BUILD", "AzurePipelines"), ("GITLAB_CI", "GitLab"), ("TEAMCITY_VERSION", "TeamCity"), ("JENKINS_HOME", "Jenkins"), ("CI", "CI") })
        {
            if (Set(variable))
                return new BuildHost(name, true);
        }
        return Terminal;
    }
}
