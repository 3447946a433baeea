using BuildEngine.IO;
using Delivery.Scanning;
using Delivery.Scanning.Policy;
using Delivery.Tests.Environments;

namespace Delivery.Tests.Scanning.Policy;

public sealed class PolicyScannerTests : IDisposable
{
    readonly AbsolutePath _root = AbsolutePath.Create(Path.Combine(Path.GetTempPath(), "pazpaz-scan-policy-" + Guid.NewGuid().ToString("N")));

    public void Dispose() => _root.DeleteDirectory();

    ScanTarget Target(AbsolutePath root) => new(root, [], root / "artifacts");

    void Write(string relative, string text) => (_root / relative).WriteAllText(text);

    static async Task<ScannerResult> Scan(IScanner scanner, ScanTarget target, List<string>? progress = null) =>
        await scanner.ScanAsync(target, line => progress?.Add(line));

    [Fact]
    public async Task A_privileged_compose_service_and_a_dockerfile_without_user_are_found_with_rule_ids()
    {
        Write("compose/compose.yaml", """
            services:
              worker:
                image: ${WORKER_IMAGE}
                privileged: true
                user: "10001"
                read_only: true
                cap_drop: [ALL]
                security_opt: [no-new-privileges:true]
                mem_limit: 64m
                cpus: 0.5
                pids_limit: 32
                healthcheck: { test: ["CMD", "true"] }
            """);
        Write("src/images/worker/Dockerfile", "FROM debian:trixie-slim\nHEALTHCHECK CMD [\"true\"]\nCMD [\"worker\"]\n");

        var compose = await Scan(new ComposePolicyScanner(), Target(_root));
        var dockerfile = await Scan(new DockerfilePolicyScanner(), Target(_root));

        Assert.Equal(ScannerStatus.Ran, compose.Status);
        var privileged = Assert.Single(compose.Findings);
        Assert.Equal(("compose-policy", "DC001", FindingKind.Policy, Severity.Critical, "compose/compose.yaml", 4),
            (privileged.Scanner, privileged.Id, privileged.Kind, privileged.Severity, privileged.Location, privileged.Line));
        Assert.Equal(ScannerStatus.Ran, dockerfile.Status);
        var noUser = Assert.Single(dockerfile.Findings);
        Assert.Equal(("dockerfile-policy", "DF001", FindingKind.Policy, Severity.High, "src/images/worker/Dockerfile", 1),
            (noUser.Scanner, noUser.Id, noUser.Kind, noUser.Severity, noUser.Location, noUser.Line));
        Assert.Contains("sets no USER", noUser.Message);
    }

    [Fact]
    public async Task Waived_violations_are_reported_in_the_detail_and_the_progress_not_dropped()
    {
        Write("src/services/tool/Dockerfile", "FROM debian:trixie-slim\nLABEL org.pazpaz.healthcheck=\"none: one-shot\"\nUSER 10001\n");
        var progress = new List<string>();

        var result = await Scan(new DockerfilePolicyScanner(), Target(_root), progress);

        Assert.Empty(result.Findings);
        Assert.Equal("1 file(s), 0 finding(s), 1 waived; DF002 src/services/tool/Dockerfile:1 (one-shot)", result.Detail);
        Assert.Contains(progress, p => p.Contains("waived src/services/tool/Dockerfile:1", StringComparison.Ordinal) && p.EndsWith("waived: one-shot", StringComparison.Ordinal));
    }

    [Fact]
    public void Dockerfiles_in_dependency_folders_are_not_ours()
    {
        Write("src/services/web/Dockerfile", "FROM debian:trixie-slim\nUSER 10001\nHEALTHCHECK CMD true\n");
        Write("src/services/web/node_modules/pkg/Dockerfile", "FROM node\n");

        Assert.Equal([_root / "src/services/web/Dockerfile"], DockerfilePolicyScanner.Dockerfiles(_root));
    }

    [Fact]
    public async Task The_workflow_scanner_maps_workflow_findings_with_their_GHA_ids_and_severities()
    {
        Write(".github/workflows/ci.yml", "name: ci\non: pull_request_target\npermissions:\n  contents: read\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v4\n");

        var result = await Scan(new WorkflowPolicyScanner(), Target(_root));

        Assert.Equal([("GHA004", Severity.Critical, 2), ("GHA001", Severity.High, 9)], result.Findings.Select(f => (f.Id, f.Severity, f.Line ?? 0)));
        Assert.All(result.Findings, f => Assert.Equal((".github/workflows/ci.yml", "workflow-policy", FindingKind.Policy), (f.Location, f.Scanner, f.Kind)));
    }

    [Fact]
    public async Task Each_scanner_is_not_available_when_its_files_are_missing_and_says_which()
    {
        _root.CreateDirectory();

        var results = new[]
        {
            await Scan(new DockerfilePolicyScanner(), Target(_root)),
            await Scan(new ComposePolicyScanner(), Target(_root)),
            await Scan(new WorkflowPolicyScanner(), Target(_root)),
        };

        Assert.All(results, r => Assert.Equal(ScannerStatus.NotAvailable, r.Status));
        Assert.Equal(["no Dockerfile in src/images or src/services", "no compose/compose*.yaml", "no .github/workflows/*.yml"],
            results.Select(r => r.Detail[..r.Detail.IndexOf(" under ", StringComparison.Ordinal)]));
    }

    [Fact]
    public async Task The_repositorys_own_dockerfiles_compose_files_and_workflows_have_no_unwaived_finding()
    {
        var target = Target(RepositoryRoot.Path);
        var scanners = new IScanner[] { new DockerfilePolicyScanner(), new ComposePolicyScanner(), new WorkflowPolicyScanner() };

        var results = new List<ScannerResult>();
        foreach (var scanner in scanners)
            results.Add(await Scan(scanner, target));

        Assert.All(results, r => Assert.True(r.Status == ScannerStatus.Ran, $"{r.Scanner}: {r.Status} {r.Detail}"));
        var findings = results.SelectMany(r => r.Findings).Select(f => f.ToString()).ToList();
        Assert.True(findings.Count == 0, "Fix these, or document an exception with its reason:\n" + string.Join('\n', findings));
        // It looked at the real files, not at nothing: the api's Dockerfile, every image's, and each environment's view.
        Assert.Contains(RepositoryRoot.Path / "src/services/api/Dockerfile", DockerfilePolicyScanner.Dockerfiles(RepositoryRoot.Path));
        Assert.Contains(RepositoryRoot.Path / "src/images/postgres/Dockerfile", DockerfilePolicyScanner.Dockerfiles(RepositoryRoot.Path));
        Assert.Contains(RepositoryRoot.Path / "compose/compose.prod.yaml", ComposePolicyScanner.ComposeFiles(RepositoryRoot.Path));
        Assert.Contains(results, r => r.Scanner == ComposePolicyScanner.ScannerName && r.Detail.Contains("DC010 compose/compose.yaml", StringComparison.Ordinal));
    }
}
