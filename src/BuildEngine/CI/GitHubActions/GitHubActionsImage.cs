namespace BuildEngine.CI.GitHubActions;

/// <summary>Runner images (<c>runs-on</c>).</summary>
public enum GitHubActionsImage
{
    UbuntuLatest,
    Ubuntu2404,
    Ubuntu2204,
    WindowsLatest,
    Windows2022,
    MacOsLatest,
    MacOs14,
    SelfHosted,
}

/// <summary>Scopes a job may be granted write access to; everything else stays read-only.</summary>
public enum GitHubActionsPermission
{
    Actions,
    Checks,
    Contents,
    Deployments,
    IdToken,
    Issues,
    Packages,
    PullRequests,
    SecurityEvents,
    Statuses,
}

static class GitHubActionsNames
{
    public static string RunsOn(GitHubActionsImage image) => image switch
    {
        GitHubActionsImage.UbuntuLatest => "ubuntu-latest",
        GitHubActionsImage.Ubuntu2404 => "ubuntu-24.04",
        GitHubActionsImage.Ubuntu2204 => "ubuntu-22.04",
        GitHubActionsImage.WindowsLatest => "windows-latest",
        GitHubActionsImage.Windows2022 => "windows-2022",
        GitHubActionsImage.MacOsLatest => "macos-latest",
        GitHubActionsImage.MacOs14 => "macos-14",
        GitHubActionsImage.SelfHosted => "self-hosted",
        _ => throw new ArgumentOutOfRangeException(nameof(image), image, null),
    };

    public static string Permission(GitHubActionsPermission permission) => permission switch
    {
        GitHubActionsPermission.IdToken => "id-token",
        GitHubActionsPermission.PullRequests => "pull-requests",
        GitHubActionsPermission.SecurityEvents => "security-events",
        _ => permission.ToString().ToLowerInvariant(),
    };
}
