using Delivery.Scanning;
using Delivery.Scanning.Gate;
using Delivery.Tests.Scanning.Trivy;

namespace Delivery.Tests.Scanning.Gate;

public sealed class ScanGateTests
{
    static readonly DateOnly Today = new(2026, 11, 27);

    static ScannerResult ApiImageScan => ScannerResult.Ran("trivy", TrivyFixtures.ApiImageFindings);

    static ScanVerdict Judge(string ignore, params ScannerResult[] results) => Judge(new ScanGateSettings(), ignore, results);

    static ScanVerdict Judge(ScanGateSettings settings, string ignore, params ScannerResult[] results) =>
        new ScanGate(settings, ScanIgnoreFile.Parse(ignore), new FixedClock(Today)).Judge(results);

    static Finding Make(string id, FindingKind kind, Severity severity, string? fixedVersion = null, string scanner = "trivy") => new()
    {
        Scanner = scanner, Id = id, Kind = kind, Severity = severity, Location = "pazpaz/web:0.1.0-1", Message = "m",
        Package = kind == FindingKind.Vulnerability ? "libfoo" : null, InstalledVersion = kind == FindingKind.Vulnerability ? "1.0" : null, FixedVersion = fixedVersion,
    };

    [Fact]
    public void A_trivy_report_with_a_high_fixable_vulnerability_fails_the_gate()
    {
        var verdict = Judge("", ApiImageScan);

        Assert.False(verdict.Passed);
        var blocking = Assert.Single(verdict.Blocking);
        Assert.Equal("CVE-2025-8194", blocking.Finding.Id);
        Assert.Equal("HIGH with a fix (3.13.5-2+deb13u1) is at or above fail-on HIGH", blocking.Why);
        Assert.Equal(
            "blocking: HIGH CVE-2025-8194 pazpaz/api:0.1.0-1 libpython3.13-stdlib 3.13.5-2 -> 3.13.5-2+deb13u1: " +
            "cpython: Cpython infinite loop when parsing a tarfile [trivy] — HIGH with a fix (3.13.5-2+deb13u1) is at or above fail-on HIGH",
            Assert.Single(verdict.Failures));
    }

    [Fact]
    public void The_same_report_with_an_unexpired_ignore_entry_passes_and_lists_the_waiver_with_its_reason()
    {
        var verdict = Judge("CVE-2025-8194 exp:2026-12-15 # tarfile is only used on archives we build; deb13u1 rolls out with the next base rebuild\n", ApiImageScan);

        Assert.True(verdict.Passed, string.Join("\n", verdict.Failures));
        var waived = Assert.Single(verdict.Waived);
        Assert.Equal("CVE-2025-8194", waived.Finding.Id);
        Assert.Equal(1, waived.Waiver!.Line);
        Assert.Equal("waived until 2026-12-15 (.scanignore:1): tarfile is only used on archives we build; deb13u1 rolls out with the next base rebuild", waived.Why);
        Assert.Empty(verdict.UnusedEntries);
        Assert.Empty(verdict.Warnings);
    }

    [Fact]
    public void The_same_report_with_an_expired_ignore_entry_fails_naming_the_entry_and_its_date_and_the_finding_blocks_again()
    {
        var verdict = Judge("CVE-2025-8194 exp:2026-11-01 # waiting for deb13u1\n", ApiImageScan);

        Assert.False(verdict.Passed);
        Assert.Empty(verdict.Waived);
        Assert.Equal("CVE-2025-8194", Assert.Single(verdict.Blocking).Finding.Id);
        Assert.Equal("CVE-2025-8194", Assert.Single(verdict.ExpiredEntries).Id);
        Assert.Contains(
            "ignore file: .scanignore:1: 'CVE-2025-8194' expired on 2026-11-01 and no longer waives anything; fix the finding, or renew the entry with a new exp: and an up-to-date reason",
            verdict.Failures);
    }

    [Fact]
    public void An_expired_entry_fails_the_gate_even_when_nothing_matches_it_any_more()
    {
        var verdict = Judge("CVE-2019-0001 exp:2026-01-01 # old\n", ScannerResult.Ran("trivy", []));

        Assert.False(verdict.Passed);
        Assert.Contains("'CVE-2019-0001' expired on 2026-01-01", Assert.Single(verdict.Failures));
    }

    [Fact]
    public void A_high_or_critical_vulnerability_without_a_fix_does_not_fail_the_gate_but_is_reported()
    {
        var verdict = Judge("", ScannerResult.Ran("trivy", [Make("CVE-1", FindingKind.Vulnerability, Severity.High), Make("CVE-2", FindingKind.Vulnerability, Severity.Critical)]));

        Assert.True(verdict.Passed);
        Assert.Equal(["CVE-1", "CVE-2"], verdict.Reported.Select(r => r.Finding.Id));
        Assert.Equal("HIGH but no fix exists yet (ignore-unfixed)", verdict.Reported[0].Why);
    }

    [Fact]
    public void A_fixable_vulnerability_below_fail_on_does_not_block_and_fail_on_is_configurable()
    {
        var result = ScannerResult.Ran("trivy", [Make("CVE-1", FindingKind.Vulnerability, Severity.Medium, "1.1")]);

        Assert.True(Judge("", result).Passed);
        Assert.False(Judge(new ScanGateSettings { FailOn = Severity.Medium }, "", result).Passed);
    }

    [Fact]
    public void Policy_and_secret_findings_fail_the_gate_whatever_their_severity_unless_waived()
    {
        var result = ScannerResult.Ran("policy", [Make("CIS-5.10", FindingKind.Policy, Severity.Low, scanner: "policy"), Make("generic-api-key", FindingKind.Secret, Severity.Unknown, scanner: "policy")]);

        var verdict = Judge("", result);
        var waived = Judge("CIS-5.10 exp:2027-01-01 # r\ngeneric-api-key exp:2027-01-01 path:pazpaz/web # test key of the demo build\n", result);

        Assert.Equal(["policy findings always block", "secrets always block"], verdict.Blocking.Select(b => b.Why));
        Assert.True(waived.Passed, string.Join("\n", waived.Failures));
    }

    [Fact]
    public void A_scanner_that_failed_fails_the_gate_and_one_that_is_not_available_is_listed_without_failing()
    {
        var failed = Judge("", ScannerResult.Failed("syft", "Process 'syft' exited with code 2.\n   > syft ..."), ScannerResult.Ran("trivy", []));
        var unavailable = Judge("", ScannerResult.NotAvailable("trivy", "trivy is not installed here"), ScannerResult.Ran("policy", []));

        Assert.False(failed.Passed);
        Assert.Equal("scanner syft failed: Process 'syft' exited with code 2.", Assert.Single(failed.Failures));
        Assert.True(unavailable.Passed);
        Assert.Equal("scanner trivy did not run: trivy is not installed here", Assert.Single(unavailable.Warnings));
        Assert.Equal([ScannerStatus.NotAvailable, ScannerStatus.Ran], unavailable.Rows.Select(r => r.Status));
    }

    [Fact]
    public void An_ignore_file_line_the_gate_cannot_read_fails_the_gate()
    {
        var verdict = Judge("CVE-2025-8194 # no expiry\n", ScannerResult.Ran("trivy", []));

        Assert.False(verdict.Passed);
        Assert.StartsWith("ignore file: .scanignore:1: 'CVE-2025-8194 # no expiry': it has no expiry", Assert.Single(verdict.Failures));
    }

    [Fact]
    public void An_entry_that_waives_nothing_is_a_warning_not_a_failure()
    {
        var verdict = Judge("CVE-2020-0001 exp:2027-01-01 # gone since the trixie rebuild?\n", ScannerResult.Ran("trivy", []));

        Assert.True(verdict.Passed);
        Assert.Equal(".scanignore:1: 'CVE-2020-0001' waived nothing in this run; remove it if the finding is gone", Assert.Single(verdict.Warnings));
    }

    [Fact]
    public void A_scoped_entry_waives_only_in_its_scope()
    {
        var api = Make("CVE-1", FindingKind.Vulnerability, Severity.High, "1.1") with { Location = "pazpaz/api:0.1.0-1" };
        var web = api with { Location = "pazpaz/web:0.1.0-1" };

        var verdict = Judge("CVE-1 exp:2027-01-01 path:pazpaz/api # api never parses that input\n", ScannerResult.Ran("trivy", [api, web]));

        Assert.Equal("pazpaz/api:0.1.0-1", Assert.Single(verdict.Waived).Finding.Location);
        Assert.Equal("pazpaz/web:0.1.0-1", Assert.Single(verdict.Blocking).Finding.Location);
    }

    [Fact]
    public void Findings_below_the_report_threshold_are_counted_not_listed_but_blocking_ones_are_always_listed()
    {
        var result = ScannerResult.Ran("trivy", [Make("CVE-LOW", FindingKind.Vulnerability, Severity.Low), Make("DS026", FindingKind.Policy, Severity.Low)]);

        var verdict = Judge(new ScanGateSettings { ReportFrom = Severity.High }, "", result);

        Assert.Equal(FindingOutcome.BelowThreshold, verdict.Findings[0].Outcome);
        Assert.Equal("DS026", Assert.Single(verdict.Blocking).Finding.Id);
        Assert.Equal(2, verdict.Rows[0].BySeverity[Severity.Low]);
    }

    [Fact]
    public void Fail_on_none_only_reports_findings_but_a_failed_scanner_still_fails()
    {
        var settings = new ScanGateSettings { FailOn = null };

        var findings = Judge(settings, "", ApiImageScan, ScannerResult.Ran("policy", [Make("DS002", FindingKind.Policy, Severity.High, scanner: "policy")]));
        var failed = Judge(settings, "", ScannerResult.Failed("trivy", "broke"));

        Assert.True(findings.Passed);
        Assert.Empty(findings.Blocking);
        Assert.Equal(4, findings.Reported.Count);
        Assert.False(failed.Passed);
    }

    [Fact]
    public void Rows_count_every_finding_by_severity_with_the_waived_and_blocking_ones()
    {
        var verdict = Judge("CVE-2023-45853 exp:2027-01-31 # MiniZip is not in Debian's zlib1g build\n", ApiImageScan);

        var row = Assert.Single(verdict.Rows);
        Assert.Equal("trivy", row.Scanner);
        Assert.Equal([1, 1, 0, 1, 0], new[] { Severity.Critical, Severity.High, Severity.Medium, Severity.Low, Severity.Unknown }.Select(s => row.BySeverity[s]));
        Assert.Equal(1, row.Waived);
        Assert.Equal(1, row.Blocking);
    }
}
