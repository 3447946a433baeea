using BuildEngine.CI.GitHubActions;
using static BuildEngine.CI.GitHubActions.GitHubActionsPermission;

// The delivery process as GitHub runs it. Jobs name their targets; a job whose targets the build does not have yet is
// listed as pending in the generated file and appears by itself once they exist. docs/ci.md maps jobs to targets.
[GitHubActions("ci", GitHubActionsImage.Ubuntu2404,
    OnPullRequestBranches = ["main"],
    OnPushBranchesIgnore = ["main"],
    ConcurrencyGroup = "ci-${{ github.ref }}",
    ConcurrencyCancelInProgress = true,
    TimeoutMinutes = 30,
    Jobs = nameof(CiJobs))]
[GitHubActions("deliver", GitHubActionsImage.Ubuntu2404,
    OnPushBranches = ["main"],
    ConcurrencyGroup = "deliver",
    TimeoutMinutes = 60,
    Jobs = nameof(DeliverJobs))]
[GitHubActions("release", GitHubActionsImage.Ubuntu2404,
    OnWorkflowDispatchRequiredInputs = ["ReleaseDigest"],
    ConcurrencyGroup = "release",
    TimeoutMinutes = 45,
    Jobs = nameof(ReleaseJobs))]
[GitHubActions("backup", GitHubActionsImage.Ubuntu2404,
    OnCronSchedules = [HourlyIncremental, DailyFull, WeeklyDrill],
    OnWorkflowDispatch = true,
    TimeoutMinutes = 120,
    Jobs = nameof(BackupJobs))]
partial class Build
{
    const string HourlyIncremental = "17 * * * *";
    const string DailyFull = "42 2 * * *";
    const string WeeklyDrill = "23 4 * * 0";

    // Trivy runs where it can be installed (GitHub's runners); Scan finds it on the PATH and reports it as not available elsewhere.
    static readonly GitHubActionsSetupStep InstallTrivy = new("Install Trivy", PinnedActions.SetupTrivy, ("version", "v0.69.3"));
    const string ScanReports = "artifacts/scan";

    static readonly GitHubActionsEnvironment Staging = new("staging");
    static readonly GitHubActionsEnvironment Production = new("production");

    /// <summary>Pull requests and branch pushes: tests, then images built and scanned, with no registry credentials.</summary>
    static GitHubActionsJob[] CiJobs =>
    [
        new("test", "Test"),
        new("images", "DockerBuild", "Scan") { Needs = ["test"], Setup = [InstallTrivy], UploadSarif = ScanReports },
    ];

    /// <summary>Every push to main goes to staging; artifacts/images.json (digests) is what a release later promotes.</summary>
    static GitHubActionsJob[] DeliverJobs =>
    [
        new("test", "Test"),
        new("push", "Push")
        {
            Needs = ["test"],
            WritePermissions = [Packages],
            ImportSecrets = ["RegistryPassword"],
            Setup = [InstallTrivy],
            UploadSarif = ScanReports,
        },
        new("staging", "DeployStaging", "Smoke") { Needs = ["push"], Environment = Staging, WritePermissions = [IdToken], ImportSecrets = ["SentryAuthToken"] },
    ];

    /// <summary>A release manager promotes a staging-tested digest; a failed production deploy rolls back by itself.</summary>
    static GitHubActionsJob[] ReleaseJobs =>
    [
        new("production", "DeployProd") { Environment = Production, WritePermissions = [IdToken], Outputs = ["SwitchedDigest"], ImportSecrets = ["SentryAuthToken"] },
        new("rollback", "Rollback") { Needs = ["production"], If = "failure()", Environment = Production, WritePermissions = [IdToken] },
    ];

    /// <summary>Hourly incremental and daily full backups, a weekly restore drill; a manual run takes a full backup.</summary>
    static GitHubActionsJob[] BackupJobs =>
    [
        new("incremental", "Backup") { If = $"github.event.schedule == '{HourlyIncremental}'", Arguments = ["--environment", "prod", "--type", "incr"], ConcurrencyGroup = "backup" },
        new("full", "Backup")
        {
            If = $"github.event_name == 'workflow_dispatch' || github.event.schedule == '{DailyFull}'",
            Arguments = ["--environment", "prod", "--type", "full"],
            ConcurrencyGroup = "backup",
        },
        new("restore-drill", "RestoreDrill") { Arguments = ["--environment", "prod"], If = $"github.event.schedule == '{WeeklyDrill}'", ConcurrencyGroup = "backup" },
    ];
}
