using Integration.Tests.Bootstrap;

namespace Integration.Tests.Workflows;

public sealed class WorkflowDriftTests
{
    [Fact]
    public void A_hand_edited_workflow_fails_the_check_and_regenerating_restores_the_committed_bytes()
    {
        using var repository = new RepositoryCopy();
        var workflow = Path.Combine(repository.Path, ".github", "workflows", "ci.yml");
        File.AppendAllText(workflow, "# edited by hand\n");

        var check = repository.BuildAsCi("CheckGeneratedFiles");

        Assert.Equal(1, check.ExitCode);
        Assert.Contains(".github/workflows/ci.yml is out of date; run ./build.sh GenerateWorkflows and commit the result", check.Text());

        var generate = repository.BuildAsCi("GenerateWorkflows");

        Assert.Equal(0, generate.ExitCode);
        Assert.Contains("Wrote .github/workflows/ci.yml", generate.Text());
        Assert.Equal("", repository.Git("status", "--porcelain"));
        Assert.Equal(0, repository.BuildAsCi("CheckGeneratedFiles").ExitCode);
    }
}
