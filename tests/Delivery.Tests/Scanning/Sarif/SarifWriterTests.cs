using System.Text.Json.Nodes;
using BuildEngine.IO;
using Delivery.Images;
using Delivery.Scanning;
using Delivery.Scanning.Gate;
using Delivery.Scanning.Sarif;
using Delivery.Tests.Scanning.Gate;
using Delivery.Tests.Scanning.Trivy;

namespace Delivery.Tests.Scanning.Sarif;

public sealed class SarifWriterTests : IDisposable
{
    static readonly Dictionary<string, string> Dockerfiles = new() { [TrivyFixtures.ApiImage] = "src/services/api/Dockerfile" };

    readonly AbsolutePath _scan = AbsolutePath.Create(Path.GetTempPath()) / $"pazpaz-sarif-test-{Guid.NewGuid():N}";

    public void Dispose() => _scan.DeleteDirectory();

    static ScanVerdict Verdict(string ignore, params ScannerResult[] results) =>
        new ScanGate(new ScanGateSettings(), ScanIgnoreFile.Parse(ignore), new FixedClock(new DateOnly(2026, 11, 27))).Judge(results);

    static JsonNode Result(JsonNode log, string ruleId) =>
        log["runs"]![0]!["results"]!.AsArray().Single(r => (string)r!["ruleId"]! == ruleId)!;

    [Fact]
    public void The_sarif_written_for_a_trivy_report_validates_against_the_sarif_2_1_0_schema()
    {
        var verdict = Verdict("CVE-2023-45853 exp:2027-01-31 # MiniZip is not built into Debian's zlib1g\n", TrivyFixtures.Ran);

        var file = Assert.Single(SarifWriter.Write(verdict, _scan, Dockerfiles));

        Assert.Equal(_scan / "trivy.sarif", file);
        var json = file.ReadAllText();
        Assert.Null(SarifSchema.Errors(json));
        var log = JsonNode.Parse(json)!;
        Assert.Equal("2.1.0", (string)log["version"]!);
        Assert.Equal("trivy", (string)log["runs"]![0]!["tool"]!["driver"]!["name"]!);
        Assert.Equal(4, log["runs"]![0]!["results"]!.AsArray().Count);
    }

    [Fact]
    public void Rules_carry_the_security_severity_github_reads_and_results_point_at_a_file()
    {
        var log = SarifLog.Build("trivy", Verdict("", TrivyFixtures.Ran).Findings, new ScanGateSettings(), Dockerfiles);

        var rules = log["runs"]![0]!["tool"]!["driver"]!["rules"]!.AsArray();
        Assert.Equal(["CVE-2011-3374", "CVE-2025-8194", "CVE-2023-45853", "DS002"], rules.Select(r => (string)r!["id"]!));
        Assert.Equal(["2.0", "8.0", "9.5", "8.0"], rules.Select(r => (string)r!["properties"]!["security-severity"]!));
        Assert.Equal("https://nvd.nist.gov/vuln/detail/CVE-2025-8194", (string)rules[1]!["helpUri"]!);
        Assert.Equal("Upgrade libpython3.13-stdlib to 3.13.5-2+deb13u1 or later (rebuild the image on updated packages).", (string)rules[1]!["help"]!["text"]!);

        var fixable = Result(log, "CVE-2025-8194");
        Assert.Equal("error", (string)fixable["level"]!);
        Assert.Equal(1, (int)fixable["ruleIndex"]!);
        Assert.Equal("src/services/api/Dockerfile", (string)fixable["locations"]![0]!["physicalLocation"]!["artifactLocation"]!["uri"]!);
        Assert.Equal(1, (int)fixable["locations"]![0]!["physicalLocation"]!["region"]!["startLine"]!);
        Assert.StartsWith("CVE-2025-8194 in libpython3.13-stdlib 3.13.5-2 (fixed in 3.13.5-2+deb13u1) in image pazpaz/api:0.1.0-1: cpython:", (string)fixable["message"]!["text"]!);
        Assert.Contains("[blocks the scan gate: HIGH with a fix", (string)fixable["message"]!["text"]!);
        Assert.Equal(32, ((string)fixable["partialFingerprints"]!["pazpazFinding/v1"]!).Length);

        var policy = Result(log, "DS002");
        Assert.Equal("src/images/proxy/Dockerfile", (string)policy["locations"]![0]!["physicalLocation"]!["artifactLocation"]!["uri"]!);
        Assert.Equal(14, (int)policy["locations"]![0]!["physicalLocation"]!["region"]!["startLine"]!);
        Assert.Equal("note", (string)Result(log, "CVE-2011-3374")["level"]!);
        Assert.Equal("error", (string)Result(log, "CVE-2023-45853")["level"]!);
    }

    [Fact]
    public void A_waived_finding_is_written_as_an_accepted_external_suppression_with_its_reason()
    {
        var log = SarifLog.Build("trivy", Verdict("CVE-2023-45853 exp:2027-01-31 # MiniZip is not built into Debian's zlib1g\n", TrivyFixtures.Ran).Findings,
            new ScanGateSettings(), Dockerfiles);

        var suppression = Result(log, "CVE-2023-45853")["suppressions"]![0]!;
        Assert.Equal("external", (string)suppression["kind"]!);
        Assert.Equal("accepted", (string)suppression["status"]!);
        Assert.Equal("MiniZip is not built into Debian's zlib1g (until 2027-01-31)", (string)suppression["justification"]!);
        Assert.Null(Result(log, "CVE-2025-8194")["suppressions"]);
        Assert.Null(SarifSchema.Errors(log.ToJsonString()));
    }

    [Fact]
    public void The_schema_check_is_live_a_broken_log_is_rejected_with_where_it_breaks()
    {
        var log = SarifLog.Build("trivy", Verdict("", TrivyFixtures.Ran).Findings, new ScanGateSettings(), Dockerfiles);
        var result = log["runs"]![0]!["results"]![0]!.AsObject();
        result["level"] = "fatal";
        result.Remove("message");

        var errors = SarifSchema.Errors(log.ToJsonString());

        Assert.Equal(
            """
            /runs/0/results/0: Required properties ["message"] are not present (/properties/runs/items/$ref/properties/results/items/$ref)
            /runs/0/results/0/level: Value should match one of the values specified by the enum (/properties/runs/items/$ref/properties/results/items/$ref/properties/level)
            """,
            errors);
        Assert.Contains("Required properties [\"runs\"]", SarifSchema.Errors("""{ "version": "2.1.0" }"""));
        Assert.StartsWith("/runs/0/results/0/locations/0/physicalLocation/region/startLine: ",
            SarifSchema.Errors("""{ "version": "2.1.0", "runs": [ { "tool": { "driver": { "name": "x" } }, "results": [ { "message": { "text": "m" }, "locations": [ { "physicalLocation": { "artifactLocation": { "uri": "Dockerfile" }, "region": { "startLine": 0 } } } ] } ] } ] }"""));
    }

    [Fact]
    public void Only_scanners_that_ran_get_a_file_and_a_clean_one_gets_an_empty_result_list()
    {
        var verdict = Verdict("", ScannerResult.Ran("compose-policy", []), ScannerResult.NotAvailable("trivy", "not here"), ScannerResult.Failed("syft", "broke"));

        var files = SarifWriter.Write(verdict, _scan, Dockerfiles);

        Assert.Equal([_scan / "compose-policy.sarif"], files);
        var log = JsonNode.Parse(files[0].ReadAllText())!;
        Assert.Empty(log["runs"]![0]!["results"]!.AsArray());
        Assert.Equal("pazpaz-scan/compose-policy/", (string)log["runs"]![0]!["automationDetails"]!["id"]!);
        Assert.Null(SarifSchema.Errors(files[0].ReadAllText()));
    }

    [Fact]
    public void Findings_below_the_report_threshold_stay_out_of_the_sarif()
    {
        var verdict = new ScanGate(new ScanGateSettings { ReportFrom = Severity.High }, ScanIgnoreFile.Empty).Judge([TrivyFixtures.Ran]);

        var log = SarifLog.Build("trivy", verdict.Findings, verdict.Settings, Dockerfiles);

        Assert.Equal(["CVE-2025-8194", "CVE-2023-45853", "DS002"], log["runs"]![0]!["results"]!.AsArray().Select(r => (string)r!["ruleId"]!));
    }

    [Fact]
    public void An_image_without_a_known_dockerfile_and_an_odd_path_still_get_a_valid_relative_uri()
    {
        var finding = new Finding { Scanner = "trivy", Id = "CVE-1", Kind = FindingKind.Vulnerability, Severity = Severity.High, Location = "redis:7.4", Message = "m", Package = "p", InstalledVersion = "1", FixedVersion = "2" };
        var odd = finding with { Id = "DS001", Kind = FindingKind.Policy, Location = "compose/my compose.yaml", Line = 3, Package = null };

        var log = SarifLog.Build("trivy", new ScanGate(new ScanGateSettings(), ScanIgnoreFile.Empty).Judge([ScannerResult.Ran("trivy", [finding, odd])]).Findings, new ScanGateSettings(), Dockerfiles);

        Assert.Equal("redis%3A7.4", (string)Result(log, "CVE-1")["locations"]![0]!["physicalLocation"]!["artifactLocation"]!["uri"]!);
        Assert.Equal("compose/my%20compose.yaml", (string)Result(log, "DS001")["locations"]![0]!["physicalLocation"]!["artifactLocation"]!["uri"]!);
        Assert.Null(SarifSchema.Errors(log.ToJsonString()));
    }

    [Fact]
    public void Dockerfiles_are_found_by_image_name_relative_to_the_root()
    {
        var root = AbsolutePath.Create("/repo");
        var target = new ScanTarget(root, [new ScannedImage("api", "pazpaz/api:1.0.0"), new ScannedImage("base", "pazpaz/base:1.0.0")], root / "artifacts");

        var map = SarifWriter.DockerfilesOf(target, [new ImageDefinition("api", root / "src" / "services" / "api"), new ImageDefinition("proxy", root / "src" / "images" / "proxy")]);

        Assert.Equal(new Dictionary<string, string> { ["pazpaz/api:1.0.0"] = "src/services/api/Dockerfile" }, map);
    }
}
