using BuildEngine.CI.GitHubActions;
using BuildEngine.Cli;
using BuildEngine.Tests.Support;

namespace BuildEngine.Tests.CI;

public sealed class WorkflowGeneratorTests
{
    static IReadOnlyDictionary<string, GeneratedFile> Generate<T>() where T : NukeBuild, new()
    {
        using var runner = new BuildRunner();
        var result = runner.Run<T>("--plan");
        Assert.Equal(0, result.ExitCode);
        return result.Build!.GeneratedFiles.ToDictionary(f => f.RelativePath);
    }

    static string Workflow(string name) => Generate<ExampleDeliveryBuild>()[$".github/workflows/{name}.yml"].Content!;

    [Fact]
    public void The_pipeline_is_generated_exactly()
    {
        Assert.Equal(ExpectedPipeline, Workflow("pipeline"));
    }

    [Fact]
    public void Each_job_skips_what_an_upstream_job_already_ran()
    {
        var yaml = Workflow("pipeline");

        Assert.Contains("run: ./build.cmd Test\n", yaml);
        Assert.Contains("run: ./build.cmd DockerBuild --skip Compile\n", yaml);
        Assert.Contains("run: ./build.cmd Push --skip Compile DockerBuild\n", yaml);
        Assert.Contains("run: ./build.cmd DeployStaging --skip Compile DockerBuild Push --verbosity verbose\n", yaml);
    }

    [Fact]
    public void A_job_whose_target_does_not_exist_yet_is_pending_and_its_needs_pass_through()
    {
        var yaml = Workflow("pipeline");

        Assert.Contains("# Pending: job 'scan' appears once the build has Scan.", yaml);
        Assert.DoesNotContain("  scan:", yaml);
        Assert.Contains("  push:\n    needs:\n      - images\n", yaml);
    }

    [Fact]
    public void A_workflow_with_no_job_left_must_not_exist()
    {
        var later = Generate<ExampleDeliveryBuild>()[".github/workflows/later.yml"];

        Assert.Null(later.Content);
        Assert.Equal("./build.sh GenerateWorkflows", later.Command);
    }

    [Fact]
    public void The_nuke_form_writes_one_job_per_image()
    {
        var yaml = Workflow("simple");

        Assert.Contains("  ubuntu-24_04:\n    runs-on: ubuntu-24.04\n", yaml);
        Assert.Contains("  windows-latest:\n    runs-on: windows-latest\n", yaml);
        Assert.Contains("on:\n  pull_request:\n    branches:\n      - main\n", yaml);
    }

    [Fact]
    public void Generation_is_deterministic()
    {
        Assert.Equal(Workflow("pipeline"), Workflow("pipeline"));
    }

    [DefaultTarget("Deploy")]
    [GitHubActions("bad", GitHubActionsImage.Ubuntu2404, OnPushBranches = ["main"], Jobs = nameof(Jobs))]
    sealed class PlainSecretBuild : NukeBuild
    {
        [Parameter("Not marked secret")] readonly string? Token = null;
        Target Deploy => _ => _.Executes(() => Console.Write(Token));
        static GitHubActionsJob[] Jobs => [new("deploy", "Deploy") { ImportSecrets = ["Token"] }];
    }

    [DefaultTarget("Deploy")]
    [GitHubActions("bad", GitHubActionsImage.Ubuntu2404, OnPushBranches = ["main"], Jobs = nameof(Jobs))]
    sealed class UnknownNeedBuild : NukeBuild
    {
        Target Deploy => _ => _.Executes(() => { });
        static GitHubActionsJob[] Jobs => [new("deploy", "Deploy") { Needs = ["biuld"] }];
    }

    [DefaultTarget("Deploy")]
    [GitHubActions("bad", GitHubActionsImage.Ubuntu2404, OnWorkflowDispatchRequiredInputs = ["Missing"], Jobs = nameof(Jobs))]
    sealed class UnknownInputBuild : NukeBuild
    {
        Target Deploy => _ => _.Executes(() => { });
        static GitHubActionsJob[] Jobs => [new("deploy", "Deploy")];
    }

    [Fact]
    public void Mistakes_in_a_declaration_are_named()
    {
        Assert.Contains("imports 'Token' as a secret, but the parameter is not marked [Secret]",
            Assert.Throws<BuildDefinitionException>(() => Generate<PlainSecretBuild>()).Message);
        Assert.Contains("job 'deploy' needs 'biuld', which is not declared",
            Assert.Throws<BuildDefinitionException>(() => Generate<UnknownNeedBuild>()).Message);
        Assert.Contains("takes the dispatch input 'Missing', but the build has no such [Parameter]",
            Assert.Throws<BuildDefinitionException>(() => Generate<UnknownInputBuild>()).Message);
    }

    /// <summary>The approved output; tests/Integration.Tests runs actionlint and the workflow policy over this same file.</summary>
    static string ExpectedPipeline => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "CI", "Approved", "pipeline.approved.yml"));
}
