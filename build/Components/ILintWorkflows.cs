using BuildEngine;
using BuildEngine.IO;
using Delivery.Scanning;
using Serilog;

interface ILintWorkflows : INukeBuild
{
    AbsolutePath WorkflowsDirectory => RootDirectory / ".github" / "workflows";

    Target LintWorkflows => _ => _
        .Description("Checks every workflow with actionlint and the hardening policy (pins, permissions, injection, production)")
        .TryDependentFor<ITest>(x => x.Test)
        .Executes(() =>
        {
            var files = WorkflowsDirectory.GlobFiles("*.yml");
            var policy = files.SelectMany(f => WorkflowPolicy.Check(RootDirectory.GetUnixRelativePathTo(f), f.ReadAllText())).ToList();
            var actionlint = new Actionlint(new ActionlintSettings(TemporaryDirectory / "tools" / "actionlint")).Run(RootDirectory);
            foreach (var finding in policy.Concat(actionlint))
                Log.Error("{Finding}", finding.ToString());
            ReportSummary(_ => _.AddPair("Workflows", files.Count).AddPair("Findings", policy.Count + actionlint.Count));
            if (policy.Count + actionlint.Count > 0)
                throw new InvalidOperationException($"{policy.Count + actionlint.Count} workflow finding(s); see above.");
        });
}
