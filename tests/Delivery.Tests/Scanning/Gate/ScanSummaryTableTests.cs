using Delivery.Scanning;
using Delivery.Scanning.Gate;
using Delivery.Tests.Scanning.Trivy;

namespace Delivery.Tests.Scanning.Gate;

public sealed class ScanSummaryTableTests
{
    [Fact]
    public void The_summary_has_one_row_per_scanner_then_what_decides_the_verdict()
    {
        var results = new[]
        {
            ScannerResult.Ran("trivy", TrivyFixtures.ApiImageFindings),
            ScannerResult.NotAvailable("debian-security", "the Debian security tracker cannot be reached"),
            ScannerResult.Failed("syft", "Process 'syft' exited with code 1.\n   > syft pazpaz/api:0.1.0-1"),
        };
        var ignore = ScanIgnoreFile.Parse("CVE-2011-3374 exp:2027-06-01 # apt-key is not used at run time\nCVE-2000-0001 exp:2026-01-01 # old\n");

        var text = new ScanGate(new ScanGateSettings(), ignore, new FixedClock(new DateOnly(2026, 11, 27))).Judge(results).Render();

        var lines = text.Split('\n');
        Assert.Equal("Scanner          Status          Critical  High  Medium  Low  Unknown  Waived  Blocking", lines[0]);
        Assert.Equal("trivy            ran                    1     1       0    1        0       1         1", lines[2]);
        Assert.Equal("debian-security  not available          -     -       -    -        -       -         -  the Debian security tracker cannot be reached", lines[3]);
        Assert.Equal("syft             FAILED                 -     -       -    -        -       -         -", lines[4]);
        Assert.Equal("Gate: fail on high and above with a fix, report low and above; policy and secret findings always block.", lines[6]);
        Assert.Contains("""
            Blocking (1):
              HIGH CVE-2025-8194 pazpaz/api:0.1.0-1 libpython3.13-stdlib 3.13.5-2 -> 3.13.5-2+deb13u1: cpython: Cpython infinite loop when parsing a tarfile [trivy] — HIGH with a fix (3.13.5-2+deb13u1) is at or above fail-on HIGH

            Failed scanners (1):
              syft: Process 'syft' exited with code 1.
                   > syft pazpaz/api:0.1.0-1

            .scanignore problems (1):
              .scanignore:2: 'CVE-2000-0001' expired on 2026-01-01; fix the finding, or renew the entry with a new exp: and reason

            Not blocking: at or above fail-on, but no fix exists yet (1):
              CRITICAL CVE-2023-45853 pazpaz/api:0.1.0-1 zlib1g 1:1.3.dfsg+really1.3.1-1+b1: zlib: integer overflow and resultant heap-based buffer overflow in zipOpenNewFileInZip4_6 [trivy]

            Waived (1):
              LOW CVE-2011-3374 pazpaz/api:0.1.0-1 apt 3.0.3: It was found that apt-key in apt, all versions, do not correctly valid ... [trivy] — waived until 2027-06-01 (.scanignore:1): apt-key is not used at run time

            Warnings (1):
              scanner debian-security did not run: the Debian security tracker cannot be reached

            Verdict: FAILED (3 reasons).
            """.ReplaceLineEndings("\n"), text.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void A_clean_run_says_it_passed_and_counts_what_it_does_not_list()
    {
        var low = new Finding { Scanner = "trivy", Id = "CVE-1", Kind = FindingKind.Vulnerability, Severity = Severity.Low, Location = "pazpaz/web:1", Message = "m" };

        var text = new ScanGate(new ScanGateSettings { ReportFrom = Severity.Medium }, ScanIgnoreFile.Empty).Judge([ScannerResult.Ran("trivy", [low])]).Render();

        Assert.EndsWith("""
            1 finding(s) below --scan-severity medium are counted above, not listed.

            Verdict: passed.
            """.ReplaceLineEndings("\n"), text.ReplaceLineEndings("\n"));
        Assert.DoesNotContain("Blocking (", text);
    }
}
