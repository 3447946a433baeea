using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Delivery.Scanning;

/// <summary>
/// The GitHub Actions hardening rules (anchors-hardening B.5) checked against the YAML itself, so they hold for any
/// workflow file, generated or not: pinned actions, least privilege, no pwn-request trigger, no script injection,
/// production deploys behind the production environment and never cancelled.
/// </summary>
public static partial class WorkflowPolicy
{
    public const string UnpinnedAction = "GHA001";
    public const string MissingVersionComment = "GHA002";
    public const string TopLevelPermissions = "GHA003";
    public const string PullRequestTarget = "GHA004";
    public const string EventInterpolation = "GHA005";
    public const string ProductionConcurrency = "GHA006";
    public const string ProductionEnvironment = "GHA007";

    public static IReadOnlyList<WorkflowFinding> Check(string file, string yaml)
    {
        var findings = new List<WorkflowFinding>();
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            return [new WorkflowFinding("GHA000", file, (int)e.Start.Line, $"not valid YAML: {e.Message}")];
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            return [new WorkflowFinding("GHA000", file, 1, "a workflow must be a YAML mapping")];
        var lines = yaml.Split('\n');
        void Report(string rule, YamlNode node, string message) => findings.Add(new WorkflowFinding(rule, file, (int)node.Start.Line, message));

        CheckTriggers(root, Report);
        CheckTopLevelPermissions(root, Report);
        if (Child(root, "jobs") is YamlMappingNode jobs)
        {
            foreach (var (key, value) in jobs.Children)
            {
                if (value is YamlMappingNode job)
                    CheckJob(((YamlScalarNode)key).Value ?? "", job, lines, Report);
            }
        }
        return findings;
    }

    static void CheckTriggers(YamlMappingNode root, Action<string, YamlNode, string> report)
    {
        var on = Child(root, "on") ?? Child(root, "true");
        var triggers = on switch
        {
            YamlScalarNode scalar => [scalar],
            YamlSequenceNode sequence => sequence.Children.OfType<YamlScalarNode>(),
            YamlMappingNode mapping => mapping.Children.Keys.OfType<YamlScalarNode>(),
            _ => [],
        };
        foreach (var trigger in triggers.Where(t => t.Value == "pull_request_target"))
            report(PullRequestTarget, trigger, "pull_request_target runs fork code with the repository's secrets and a write token; use pull_request");
    }

    static void CheckTopLevelPermissions(YamlMappingNode root, Action<string, YamlNode, string> report)
    {
        var permissions = Child(root, "permissions");
        if (permissions is null)
        {
            report(TopLevelPermissions, root, "no top-level permissions: set 'permissions: contents: read' and grant writes per job");
            return;
        }
        var grantsWrite = permissions switch
        {
            YamlScalarNode scalar => scalar.Value is "write-all",
            YamlMappingNode mapping => mapping.Children.Values.OfType<YamlScalarNode>().Any(v => v.Value == "write"),
            _ => true,
        };
        if (grantsWrite)
            report(TopLevelPermissions, permissions, "top-level permissions grant write access; keep them read-only and grant writes to the jobs that need them");
    }

    static void CheckJob(string id, YamlMappingNode job, string[] lines, Action<string, YamlNode, string> report)
    {
        var steps = (Child(job, "steps") as YamlSequenceNode)?.Children.OfType<YamlMappingNode>().ToList() ?? [];
        foreach (var uses in steps.Select(s => Child(s, "uses")).Append(Child(job, "uses")).OfType<YamlScalarNode>())
        {
            var value = uses.Value ?? "";
            if (value.StartsWith("./", StringComparison.Ordinal) || DockerDigest().IsMatch(value))
                continue;
            if (!PinnedReference().IsMatch(value))
                report(UnpinnedAction, uses, $"'{value}' is not pinned to a full commit SHA; a tag can be moved to other code");
            else if (!VersionComment().IsMatch(lines[(int)uses.Start.Line - 1]))
                report(MissingVersionComment, uses, $"'{value}' has no '# vX.Y.Z' comment saying which release the SHA is");
        }
        foreach (var run in steps.Select(s => Child(s, "run")).OfType<YamlScalarNode>())
        {
            if (UntrustedExpression().Match(run.Value ?? "") is { Success: true } match)
                report(EventInterpolation, run, $"'{match.Value}' is interpolated into a run script (script injection); pass it through env: instead");
        }

        var environment = Child(job, "environment") switch
        {
            YamlScalarNode scalar => scalar.Value,
            YamlMappingNode mapping => (Child(mapping, "name") as YamlScalarNode)?.Value,
            _ => null,
        };
        var deploysProduction = steps.Select(s => Child(s, "run")).OfType<YamlScalarNode>().Any(r => ProductionTarget().IsMatch(r.Value ?? ""));
        if (deploysProduction && environment != "production")
            report(ProductionEnvironment, job, $"job '{id}' deploys production but is not in 'environment: production', where the required reviewers are");
        if (environment == "production")
        {
            var concurrency = Child(job, "concurrency") as YamlMappingNode;
            var cancel = concurrency is null ? null : (Child(concurrency, "cancel-in-progress") as YamlScalarNode)?.Value;
            if (concurrency is null || Child(concurrency, "group") is null || cancel != "false")
                report(ProductionConcurrency, job, $"job '{id}' uses the production environment without a concurrency group that has 'cancel-in-progress: false' (a cancelled deploy can stop a migration mid-way)");
        }
    }

    static YamlNode? Child(YamlMappingNode mapping, string key) =>
        mapping.Children.FirstOrDefault(c => c.Key is YamlScalarNode k && k.Value == key).Value;

    [GeneratedRegex(@"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")]
    private static partial Regex PinnedReference();

    [GeneratedRegex(@"^docker://[^@]+@sha256:[0-9a-f]{64}$")]
    private static partial Regex DockerDigest();

    [GeneratedRegex(@"#\s*v\d")]
    private static partial Regex VersionComment();

    [GeneratedRegex(@"\$\{\{[^}]*\b(github\.event\.|github\.head_ref)[^}]*\}\}")]
    private static partial Regex UntrustedExpression();

    [GeneratedRegex(@"\b(DeployProd|deploy-prod)\b")]
    private static partial Regex ProductionTarget();
}
