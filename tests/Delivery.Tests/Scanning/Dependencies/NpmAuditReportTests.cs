using Delivery.Scanning;
using Delivery.Scanning.Dependencies;

namespace Delivery.Tests.Scanning.Dependencies;

public sealed class NpmAuditReportTests
{
    const string Location = "src/services/web/package-lock.json";

    static IReadOnlyList<Finding> Findings() => NpmAuditReport.Parse(NpmAuditOutputs.ThreeVulnerablePackages, NpmAuditOutputs.Lockfile, Location).Findings;

    [Fact]
    public void Each_advisory_is_a_finding_and_a_package_vulnerable_only_through_another_adds_none()
    {
        var findings = Findings();

        Assert.Equal(["GHSA-35jh-r3h4-6jhm", "GHSA-29mw-wpgm-hmr9", "GHSA-xvch-5gv4-984h"], findings.Select(f => f.Id));
        Assert.DoesNotContain(findings, f => f.Package == "report-kit");
        Assert.All(findings, f =>
        {
            Assert.Equal(FindingKind.Vulnerability, f.Kind);
            Assert.Equal(Location, f.Location);
            Assert.Equal(NpmAuditReport.Scanner, f.Scanner);
        });
    }

    [Fact]
    public void Severity_comes_from_each_advisory_not_from_the_package_summary()
    {
        var findings = Findings().ToDictionary(f => f.Id);

        Assert.Equal(Severity.High, findings["GHSA-35jh-r3h4-6jhm"].Severity);
        Assert.Equal(Severity.Medium, findings["GHSA-29mw-wpgm-hmr9"].Severity);
        Assert.Equal(Severity.Critical, findings["GHSA-xvch-5gv4-984h"].Severity);
    }

    [Fact]
    public void The_installed_version_comes_from_the_lockfile()
    {
        var findings = Findings().ToDictionary(f => f.Id);

        Assert.Equal("4.17.20", findings["GHSA-35jh-r3h4-6jhm"].InstalledVersion);
        Assert.Equal("1.2.5", findings["GHSA-xvch-5gv4-984h"].InstalledVersion);
        Assert.Null(NpmAuditReport.Parse(NpmAuditOutputs.ThreeVulnerablePackages, null, Location).Findings[0].InstalledVersion);
    }

    [Fact]
    public void A_fix_through_another_package_names_that_package_and_says_it_is_semver_major()
    {
        var lodash = Findings().First(f => f.Id == "GHSA-35jh-r3h4-6jhm");

        Assert.True(lodash.HasFix);
        Assert.Equal("report-kit@2.0.0", lodash.FixedVersion);
        Assert.Contains("fix: report-kit 2.0.0 (a semver-major upgrade)", lodash.Message);
        Assert.Contains("Command Injection in lodash (https://github.com/advisories/GHSA-35jh-r3h4-6jhm)", lodash.Message);
    }

    [Fact]
    public void A_fix_within_the_declared_range_takes_the_first_fixed_version_from_the_advisory_range()
    {
        var minimist = Findings().First(f => f.Package == "minimist");

        Assert.Equal("1.2.6", minimist.FixedVersion);
        Assert.Contains("npm audit fix", minimist.Message);
    }

    [Fact]
    public void No_fix_available_leaves_the_fixed_version_empty()
    {
        var json = NpmAuditOutputs.ThreeVulnerablePackages.Replace("\"fixAvailable\": true", "\"fixAvailable\": false");

        var minimist = NpmAuditReport.Parse(json, NpmAuditOutputs.Lockfile, Location).Findings.First(f => f.Package == "minimist");

        Assert.False(minimist.HasFix);
        Assert.Contains("no fix available", minimist.Message);
    }

    [Fact]
    public void The_dependency_count_is_npms_total()
    {
        Assert.Equal(3, NpmAuditReport.Parse(NpmAuditOutputs.ThreeVulnerablePackages, NpmAuditOutputs.Lockfile, Location).Dependencies);
    }

    [Fact]
    public void A_clean_report_has_no_findings()
    {
        var clean = NpmAuditReport.Parse("""{"auditReportVersion": 2, "vulnerabilities": {}, "metadata": {"dependencies": {"total": 114}}}""", null, Location);

        Assert.Empty(clean.Findings);
        Assert.Equal(114, clean.Dependencies);
    }

    [Fact]
    public void An_npm_6_report_is_refused()
    {
        var e = Assert.Throws<FormatException>(() => NpmAuditReport.Parse("""{"advisories": {}, "metadata": {}}""", null, Location));

        Assert.Contains("npm 7 or later", e.Message);
    }

    [Theory]
    [InlineData("<4.17.21", "4.17.21")]
    [InlineData(">=1.0.0 <1.2.6", "1.2.6")]
    [InlineData("<=4.17.20", null)]
    [InlineData("<3.0.8 || >=4.0.0 <4.5.3", null)]
    [InlineData("*", null)]
    [InlineData(null, null)]
    public void The_first_fixed_version_is_read_only_from_a_single_interval_with_an_exclusive_upper_bound(string? range, string? expected) =>
        Assert.Equal(expected, NpmAuditReport.FirstFixedVersion(range));

    [Theory]
    [InlineData("info", Severity.Low)]
    [InlineData("low", Severity.Low)]
    [InlineData("moderate", Severity.Medium)]
    [InlineData("high", Severity.High)]
    [InlineData("critical", Severity.Critical)]
    public void Npm_severities_map_onto_the_shared_scale(string severity, Severity expected) =>
        Assert.Equal(expected, NpmAuditReport.ParseSeverity(severity));
}
