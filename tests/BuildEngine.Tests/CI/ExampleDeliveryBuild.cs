using BuildEngine.CI.GitHubActions;
using BuildEngine.Tests.Support;
using static BuildEngine.CI.GitHubActions.GitHubActionsPermission;

namespace BuildEngine.Tests.CI;

public enum Tier { Small, Large }

/// <summary>A small delivery pipeline: every generator feature in one workflow, plus a job whose target does not exist yet.</summary>
[DefaultTarget("Test")]
[GitHubActions("pipeline", GitHubActionsImage.Ubuntu2404,
    OnPushBranches = ["main"],
    OnWorkflowDispatchRequiredInputs = ["Release"],
    OnWorkflowDispatchOptionalInputs = ["DryRun", "Tier"],
    OnCronSchedule = "0 3 * * 1",
    ConcurrencyGroup = "pipeline",
    TimeoutMinutes = 20,
    Jobs = nameof(PipelineJobs))]
[GitHubActions("simple", GitHubActionsImage.Ubuntu2404, GitHubActionsImage.WindowsLatest, OnPullRequestBranches = ["main"], InvokedTargets = ["Test"])]
[GitHubActions("later", GitHubActionsImage.Ubuntu2404, OnPushTags = ["v*"], Jobs = nameof(LaterJobs))]
sealed class ExampleDeliveryBuild : NukeBuild
{
    [Parameter("Release to promote")] readonly string? Release = null;
    [Parameter("Only print what would change")] readonly bool DryRun = false;
    [Parameter("Machine size")] readonly Tier Tier = Tier.Small;
    [Parameter("Digest pushed by the build"), Secret] readonly string? RegistryPassword = null;
    [Parameter("Digest of the pushed image")] readonly string? ImageDigest = null;

    Target Compile => _ => _.Executes(() => Console.Write($"{Release}{DryRun}{Tier}{RegistryPassword}{ImageDigest}"));
    Target Test => _ => _.DependsOn(Compile).Produces("artifacts/test-results/*.trx").Executes(() => { });
    Target DockerBuild => _ => _.DependsOn(Compile).Produces("artifacts/images.json").Executes(() => { });
    Target Push => _ => _.DependsOn(DockerBuild).Consumes(DockerBuild).Executes(() => { });
    Target DeployStaging => _ => _.DependsOn(Push).Executes(() => { });

    static GitHubActionsJob[] PipelineJobs =>
    [
        new("test", "Test"),
        new("images", "DockerBuild")
        {
            Needs = ["test"],
            Setup = [new("Install Trivy", PinnedActions.SetupTrivy, ("version", "v0.69.3"))],
            UploadSarif = "artifacts/scan",
        },
        new("scan", "Scan") { Needs = ["images"] },
        new("push", "Push") { Needs = ["scan"], WritePermissions = [Packages], ImportSecrets = ["RegistryPassword"], Outputs = ["ImageDigest"] },
        new("staging", "DeployStaging")
        {
            Needs = ["push"],
            Environment = new("staging", "https://staging.example.org"),
            WritePermissions = [IdToken],
            Arguments = ["--verbosity", "verbose"],
        },
    ];

    static GitHubActionsJob[] LaterJobs => [new("production", "DeployProd") { Environment = new("production") }];
}
