using Delivery.Scanning;
using Delivery.Scanning.Trivy;

namespace Delivery.Tests.Scanning.Trivy;

public sealed class TrivyReportTests
{
    [Fact]
    public void An_image_report_gives_one_vulnerability_per_entry_located_at_the_image()
    {
        var findings = TrivyFixtures.ApiImageFindings;

        Assert.Equal(["CVE-2011-3374", "CVE-2025-8194", "CVE-2023-45853"], findings.Select(f => f.Id));
        Assert.All(findings, f =>
        {
            Assert.Equal("trivy", f.Scanner);
            Assert.Equal(FindingKind.Vulnerability, f.Kind);
            Assert.Equal(TrivyFixtures.ApiImage, f.Location);
            Assert.Null(f.Line);
        });
        Assert.Equal([Severity.Low, Severity.High, Severity.Critical], findings.Select(f => f.Severity));

        var fixable = findings[1];
        Assert.Equal("libpython3.13-stdlib", fixable.Package);
        Assert.Equal("3.13.5-2", fixable.InstalledVersion);
        Assert.Equal("3.13.5-2+deb13u1", fixable.FixedVersion);
        Assert.True(fixable.HasFix);
        Assert.Equal("cpython: Cpython infinite loop when parsing a tarfile", fixable.Message);

        var unfixed = findings[2];
        Assert.Equal("zlib1g", unfixed.Package);
        Assert.False(unfixed.HasFix);
    }

    [Fact]
    public void A_config_report_gives_failed_misconfigurations_as_policy_findings_at_their_file_and_line()
    {
        var findings = TrivyFixtures.ConfigFindings;

        var finding = Assert.Single(findings);
        Assert.Equal("DS002", finding.Id);
        Assert.Equal(FindingKind.Policy, finding.Kind);
        Assert.Equal(Severity.High, finding.Severity);
        Assert.Equal("src/images/proxy/Dockerfile", finding.Location);
        Assert.Equal(14, finding.Line);
        Assert.Equal("Image user should not be 'root': Last USER command in Dockerfile should not be 'root'", finding.Message);
    }

    [Fact]
    public void Secrets_become_secret_findings_without_the_matched_text()
    {
        const string report = """
            {
              "SchemaVersion": 2,
              "ArtifactName": "pazpaz/web:0.1.0-1",
              "ArtifactType": "container_image",
              "Results": [
                {
                  "Target": "/usr/share/nginx/html/config.js",
                  "Class": "secret",
                  "Secrets": [
                    {
                      "RuleID": "aws-access-key-id",
                      "Category": "AWS",
                      "Severity": "CRITICAL",
                      "Title": "AWS Access Key ID",
                      "StartLine": 3,
                      "EndLine": 3,
                      "Match": "const key = \"AKIA****************\""
                    }
                  ]
                }
              ]
            }
            """;

        var inImage = Assert.Single(TrivyReport.Parse(report, "pazpaz/web:0.1.0-1"));
        var inRepository = Assert.Single(TrivyReport.Parse(report, location: null));

        Assert.Equal(FindingKind.Secret, inImage.Kind);
        Assert.Equal("aws-access-key-id", inImage.Id);
        Assert.Equal(Severity.Critical, inImage.Severity);
        Assert.Equal("pazpaz/web:0.1.0-1", inImage.Location);
        Assert.Equal("AWS Access Key ID in /usr/share/nginx/html/config.js:3", inImage.Message);
        Assert.Equal("/usr/share/nginx/html/config.js", inRepository.Location);
        Assert.Equal(3, inRepository.Line);
        Assert.DoesNotContain("AKIA", inImage.ToString() + inRepository, StringComparison.Ordinal);
    }

    [Fact]
    public void A_clean_report_and_a_report_without_results_give_no_findings()
    {
        Assert.Empty(TrivyReport.Parse("""{ "SchemaVersion": 2, "ArtifactName": "x", "Results": [ { "Target": "x (debian 13.2)", "Class": "os-pkgs" } ] }""", "x"));
        Assert.Empty(TrivyReport.Parse("""{ "SchemaVersion": 2, "ArtifactName": "x" }""", "x"));
    }

    [Fact]
    public void Severities_trivy_does_not_name_are_unknown()
    {
        Assert.Equal(Severity.Critical, TrivyReport.ParseSeverity("CRITICAL"));
        Assert.Equal(Severity.Medium, TrivyReport.ParseSeverity("MEDIUM"));
        Assert.Equal(Severity.Unknown, TrivyReport.ParseSeverity("UNKNOWN"));
        Assert.Equal(Severity.Unknown, TrivyReport.ParseSeverity("SEVERE"));
        Assert.Equal(Severity.Unknown, TrivyReport.ParseSeverity("7"));
        Assert.Equal(Severity.Unknown, TrivyReport.ParseSeverity(null));
    }

    [Fact]
    public void A_report_that_is_not_trivy_json_is_rejected_with_what_to_check()
    {
        var truncated = Assert.Throws<FormatException>(() => TrivyReport.Parse("""{ "SchemaVersion": 2, "Results": [""", "x"));
        var table = Assert.Throws<FormatException>(() => TrivyReport.Parse("[]", "x"));
        var old = Assert.Throws<FormatException>(() => TrivyReport.Parse("""{ "SchemaVersion": 1 }""", "x"));

        Assert.Contains("not valid JSON", truncated.Message);
        Assert.Contains("--format json", truncated.Message);
        Assert.Contains("starts with a Array", table.Message);
        Assert.Contains("SchemaVersion 1 is not supported", old.Message);
    }
}
