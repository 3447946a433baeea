using System.Diagnostics;
using System.Text.Json;
using BuildEngine.IO;
using Delivery.Scanning;
using Delivery.Scanning.Dependencies;
using Integration.Tests.Bootstrap;
using Xunit.Abstractions;

namespace Integration.Tests.Scanning.RepositoryScanners;

/// <summary>The real npm audit: on the web app against the configured registry, and on a small lockfile against a stand-in registry with known advisories.</summary>
public sealed class NpmAuditScannerTests(ITestOutputHelper output) : IDisposable
{
    readonly AbsolutePath _project = AbsolutePath.Create(Directory.CreateTempSubdirectory("pazpaz-scan-npm-").FullName);

    // report-kit 1.0.0 pins lodash 4.17.20; minimist 1.2.5 is in range of a fixed 1.2.6.
    const string PackageJson = """{"name":"fixture-app","version":"1.0.0","private":true,"dependencies":{"report-kit":"1.0.0","minimist":"^1.2.5"}}""";

    const string Lockfile = """
        {
          "name": "fixture-app", "version": "1.0.0", "lockfileVersion": 3, "requires": true,
          "packages": {
            "": {"name": "fixture-app", "version": "1.0.0", "dependencies": {"report-kit": "1.0.0", "minimist": "^1.2.5"}},
            "node_modules/report-kit": {"version": "1.0.0", "dependencies": {"lodash": "4.17.20"}},
            "node_modules/lodash": {"version": "4.17.20"},
            "node_modules/minimist": {"version": "1.2.5"}
          }
        }
        """;

    const string Advisories = """
        {"lodash": [
           {"id": 1106913, "url": "https://github.com/advisories/GHSA-35jh-r3h4-6jhm", "title": "Command Injection in lodash", "severity": "high",
            "vulnerable_versions": "<4.17.21", "cwe": ["CWE-77"], "cvss": {"score": 7.2, "vectorString": null}},
           {"id": 1106914, "url": "https://github.com/advisories/GHSA-29mw-wpgm-hmr9", "title": "Regular Expression Denial of Service (ReDoS) in lodash", "severity": "moderate",
            "vulnerable_versions": ">=4.0.0 <4.17.21", "cwe": ["CWE-400"], "cvss": {"score": 5.3, "vectorString": null}}],
         "minimist": [
           {"id": 1097678, "url": "https://github.com/advisories/GHSA-xvch-5gv4-984h", "title": "Prototype Pollution in minimist", "severity": "critical",
            "vulnerable_versions": ">=1.0.0 <1.2.6", "cwe": ["CWE-1321"], "cvss": {"score": 9.8, "vectorString": null}}]}
        """;

    static string Packument(string name, string[] versions, Func<string, Dictionary<string, string>>? dependencies = null) =>
        JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["name"] = name,
            ["dist-tags"] = new Dictionary<string, string> { ["latest"] = versions[^1] },
            ["versions"] = versions.ToDictionary(v => v, v => new Dictionary<string, object>
            {
                ["name"] = name,
                ["version"] = v,
                ["dependencies"] = dependencies?.Invoke(v) ?? [],
                ["dist"] = new Dictionary<string, string> { ["tarball"] = $"http://127.0.0.1/{name}-{v}.tgz" },
            }),
        });

    static (int, string) Registry(string method, string path, string _) => (method, path) switch
    {
        ("POST", "/-/npm/v1/security/advisories/bulk") => (200, Advisories),
        ("GET", "/lodash") => (200, Packument("lodash", ["4.17.20", "4.17.21"])),
        ("GET", "/minimist") => (200, Packument("minimist", ["1.2.5", "1.2.6"])),
        ("GET", "/report-kit") => (200, Packument("report-kit", ["1.0.0", "2.0.0"], v => new() { ["lodash"] = v == "1.0.0" ? "4.17.20" : "^4.17.21" })),
        _ => (404, "{}"),
    };

    ScanTarget Target()
    {
        (_project / "package.json").WriteAllText(PackageJson);
        (_project / "package-lock.json").WriteAllText(Lockfile);
        return new ScanTarget(_project, [], _project / "artifacts");
    }

    [Fact]
    public async Task The_web_apps_lockfile_is_audited_or_the_registry_is_named_as_serving_no_advisories()
    {
        var root = AbsolutePath.Create(RepositoryCopy.SourceRoot);
        var clock = Stopwatch.StartNew();

        var result = await new NpmAuditScanner(new NpmAuditSettings()).ScanAsync(new ScanTarget(root, [], root / "artifacts"), output.WriteLine);

        output.WriteLine($"npm audit of src/services/web: {result.Status} in {clock.Elapsed.TotalSeconds:0.0} s, {result.Findings.Count} findings: {result.Detail}");
        foreach (var finding in result.Findings)
            output.WriteLine(finding.ToString());
        Assert.NotEqual(ScannerStatus.Failed, result.Status);
        if (result.Status == ScannerStatus.NotAvailable)
            Assert.Contains("serves no advisories", result.Detail);
        else
            Assert.Contains("locked dependencies audited", result.Detail);
    }

    [Fact]
    public async Task Real_npm_reports_every_advisory_with_its_fix_from_a_registry_that_serves_them()
    {
        using var registry = new FakeAdvisoryServer(Registry);

        var result = await new NpmAuditScanner(new NpmAuditSettings(".", registry.BaseAddress)).ScanAsync(Target(), output.WriteLine);

        Assert.True(result.Status == ScannerStatus.Ran, result.Detail);
        var findings = result.Findings.ToDictionary(f => f.Id);
        Assert.Equal(["GHSA-29mw-wpgm-hmr9", "GHSA-35jh-r3h4-6jhm", "GHSA-xvch-5gv4-984h"], findings.Keys.Order());
        Assert.Equal((Severity.High, "lodash", "4.17.20", "report-kit@2.0.0"),
            (findings["GHSA-35jh-r3h4-6jhm"].Severity, findings["GHSA-35jh-r3h4-6jhm"].Package, findings["GHSA-35jh-r3h4-6jhm"].InstalledVersion, findings["GHSA-35jh-r3h4-6jhm"].FixedVersion));
        Assert.Equal((Severity.Critical, "minimist", "1.2.5", "1.2.6"),
            (findings["GHSA-xvch-5gv4-984h"].Severity, findings["GHSA-xvch-5gv4-984h"].Package, findings["GHSA-xvch-5gv4-984h"].InstalledVersion, findings["GHSA-xvch-5gv4-984h"].FixedVersion));
        Assert.All(result.Findings, f => Assert.Equal("package-lock.json", f.Location));
        Assert.Contains("POST /-/npm/v1/security/advisories/bulk", registry.Requests);
    }

    [Fact]
    public async Task A_registry_without_an_audit_endpoint_is_not_available_rather_than_clean()
    {
        using var registry = new FakeAdvisoryServer((method, _, _) => method == "POST" ? (405, "") : (404, "{}"));

        var result = await new NpmAuditScanner(new NpmAuditSettings(".", registry.BaseAddress)).ScanAsync(Target(), output.WriteLine);

        Assert.Equal(ScannerStatus.NotAvailable, result.Status);
        Assert.Contains("answered 405", result.Detail);
    }

    [Fact]
    public async Task An_unreachable_registry_fails_the_scanner()
    {
        var result = await new NpmAuditScanner(new NpmAuditSettings(".", $"http://127.0.0.1:{FakeAdvisoryServer.FreePort()}/")).ScanAsync(Target(), output.WriteLine);

        Assert.Equal(ScannerStatus.Failed, result.Status);
        Assert.Contains("ECONNREFUSED", result.Detail);
    }

    [Fact]
    public async Task A_project_without_a_lockfile_is_not_available()
    {
        var result = await new NpmAuditScanner(new NpmAuditSettings("no-such-project")).ScanAsync(Target(), output.WriteLine);

        Assert.Equal(ScannerStatus.NotAvailable, result.Status);
        Assert.Contains("no-such-project/package-lock.json", result.Detail);
    }

    public void Dispose() => _project.DeleteDirectory();
}
