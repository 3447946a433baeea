using BuildEngine.IO;

namespace Delivery.Scanning.Policy;

/// <summary>
/// The GitHub Actions hardening rules (<see cref="WorkflowPolicy"/>, the same check LintWorkflows runs) over
/// .github/workflows, as findings with the GHA rule ids and the severities of <see cref="WorkflowRules"/>.
/// </summary>
public sealed class WorkflowPolicyScanner : IScanner
{
    public const string ScannerName = "workflow-policy";

    public string Name => ScannerName;

    public Task<ScannerResult> ScanAsync(ScanTarget target, Action<string> progress, CancellationToken cancellationToken = default) =>
        Task.FromResult(PolicyScan.Run(Name, target, Workflows(target.RootDirectory), "no .github/workflows/*.yml", Check, progress, cancellationToken));

    public static PolicyReport Check(IReadOnlyList<(string Location, string Text)> workflows) =>
        new(workflows.SelectMany(w => WorkflowPolicy.Check(w.Location, w.Text))
            .Select(f => WorkflowRules.For(f.RuleId).At(f.File, f.Line, f.Message)).ToList(), []);

    public static IReadOnlyList<AbsolutePath> Workflows(AbsolutePath root)
    {
        var directory = root / ".github" / "workflows";
        return [.. directory.GlobFiles("*.yml"), .. directory.GlobFiles("*.yaml")];
    }
}
