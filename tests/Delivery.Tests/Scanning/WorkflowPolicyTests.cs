using Delivery.Scanning;

namespace Delivery.Tests.Scanning;

public sealed class WorkflowPolicyTests
{
    const string Pinned = "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2";

    static IReadOnlyList<WorkflowFinding> Check(string yaml) => WorkflowPolicy.Check("w.yml", yaml);

    static string Workflow(string jobs, string on = "push", string permissions = "permissions:\n  contents: read\n") =>
        $"name: w\non: {on}\n{permissions}jobs:\n{jobs}";

    [Fact]
    public void A_hardened_workflow_passes()
    {
        var findings = Check(Workflow($$$"""
              build:
                runs-on: ubuntu-24.04
                steps:
                  - uses: {{{Pinned}}}
                  - run: ./build.cmd Test
                    env:
                      TITLE: ${{ github.event.pull_request.title }}
            """));

        Assert.Empty(findings);
    }

    [Fact]
    public void An_unpinned_action_and_an_event_interpolation_are_both_reported()
    {
        var findings = Check(Workflow("""
              build:
                runs-on: ubuntu-24.04
                steps:
                  - uses: actions/checkout@v4
                  - run: echo "${{ github.event.pull_request.title }}"
            """));

        Assert.Equal([WorkflowPolicy.UnpinnedAction, WorkflowPolicy.EventInterpolation], findings.Select(f => f.RuleId));
        Assert.Equal(9, findings[0].Line);
        Assert.Contains("'actions/checkout@v4' is not pinned to a full commit SHA", findings[0].Message);
        Assert.Contains("'${{ github.event.pull_request.title }}' is interpolated into a run script", findings[1].Message);
    }

    [Fact]
    public void A_pin_without_its_version_comment_is_reported()
    {
        var findings = Check(Workflow("""
              build:
                runs-on: ubuntu-24.04
                steps:
                  - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683
            """));

        Assert.Equal(WorkflowPolicy.MissingVersionComment, Assert.Single(findings).RuleId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("permissions: write-all\n")]
    [InlineData("permissions:\n  contents: write\n")]
    public void Top_level_permissions_must_exist_and_be_read_only(string permissions)
    {
        var findings = Check(Workflow("  build:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: ./build.cmd Test\n", permissions: permissions));

        Assert.Equal(WorkflowPolicy.TopLevelPermissions, Assert.Single(findings).RuleId);
    }

    [Theory]
    [InlineData("pull_request_target")]
    [InlineData("[push, pull_request_target]")]
    [InlineData("\n  pull_request_target:\n    branches: [main]")]
    public void Pull_request_target_is_refused(string on)
    {
        var findings = Check(Workflow("  build:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: ./build.cmd Test\n", on: on));

        Assert.Equal(WorkflowPolicy.PullRequestTarget, Assert.Single(findings).RuleId);
    }

    [Fact]
    public void A_production_deploy_needs_the_production_environment_and_an_uncancelled_concurrency_group()
    {
        var outside = Check(Workflow("  deploy:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: ./build.cmd DeployProd\n"));
        var cancellable = Check(Workflow("""
              deploy:
                runs-on: ubuntu-24.04
                environment: production
                concurrency:
                  group: deploy-production
                  cancel-in-progress: true
                steps:
                  - run: ./build.cmd DeployProd
            """));
        var right = Check(Workflow("""
              deploy:
                runs-on: ubuntu-24.04
                environment:
                  name: production
                concurrency:
                  group: deploy-production
                  cancel-in-progress: false
                steps:
                  - run: ./build.cmd DeployProd
            """));

        Assert.Equal(WorkflowPolicy.ProductionEnvironment, Assert.Single(outside).RuleId);
        Assert.Equal(WorkflowPolicy.ProductionConcurrency, Assert.Single(cancellable).RuleId);
        Assert.Empty(right);
    }

    [Fact]
    public void Broken_yaml_is_a_finding_not_a_crash()
    {
        Assert.Equal("GHA000", Assert.Single(Check("name: [unclosed\n")).RuleId);
    }
}
