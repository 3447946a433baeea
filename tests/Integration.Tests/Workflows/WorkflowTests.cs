using BuildEngine.IO;
using Delivery.Scanning;
using Integration.Tests.Bootstrap;

namespace Integration.Tests.Workflows;

/// <summary>The committed workflows and the generator's richest approved output, checked by real actionlint and the policy.</summary>
public sealed class WorkflowTests
{
    static readonly AbsolutePath Root = AbsolutePath.Create(RepositoryCopy.SourceRoot);
    static readonly Actionlint Actionlint = new(new ActionlintSettings(Root / ".nuke" / "temp" / "tools" / "actionlint"));

    static AbsolutePath WorkflowFolder(params (string Name, string Yaml)[] files)
    {
        var root = AbsolutePath.Create(Directory.CreateTempSubdirectory("workflows-").FullName);
        foreach (var (name, yaml) in files)
            (root / ".github" / "workflows" / name).WriteAllText(yaml);
        return root;
    }

    [Fact]
    public void Actionlint_and_the_policy_report_nothing_on_the_committed_workflows()
    {
        var files = (Root / ".github" / "workflows").GlobFiles("*.yml");

        Assert.NotEmpty(files);
        Assert.Empty(Actionlint.Run(Root));
        Assert.Empty(files.SelectMany(f => WorkflowPolicy.Check(f.Name, f.ReadAllText())));
    }

    [Fact]
    public void Actionlint_and_the_policy_accept_the_generators_full_pipeline()
    {
        var approved = (Root / "tests" / "BuildEngine.Tests" / "CI" / "Approved" / "pipeline.approved.yml").ReadAllText();
        var root = WorkflowFolder(("pipeline.yml", approved));
        try
        {
            Assert.Empty(Actionlint.Run(root));
            Assert.Empty(WorkflowPolicy.Check("pipeline.yml", approved));
        }
        finally
        {
            root.DeleteDirectory();
        }
    }

    [Fact]
    public void Actionlint_reports_a_broken_workflow()
    {
        var root = WorkflowFolder(("broken.yml", "name: b\non: push\njobs:\n  publish:\n    needs: [biuld]\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo\n"));
        try
        {
            var finding = Assert.Single(Actionlint.Run(root));

            Assert.Equal("actionlint:job-needs", finding.RuleId);
            Assert.Contains("needs job \"biuld\" which does not exist", finding.Message);
        }
        finally
        {
            root.DeleteDirectory();
        }
    }
}
