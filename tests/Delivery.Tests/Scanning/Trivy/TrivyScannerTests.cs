using BuildEngine.IO;
using Delivery.Scanning;
using Delivery.Scanning.Trivy;

namespace Delivery.Tests.Scanning.Trivy;

/// <summary>
/// The scanner's plumbing against a stand-in trivy (a shell script that records its arguments and writes a fixture
/// report to <c>--output</c>): the real binary is not installable here, and runs in CI only.
/// </summary>
public sealed class TrivyScannerTests : IDisposable
{
    readonly AbsolutePath _work = AbsolutePath.Create(Path.Combine(Path.GetTempPath(), $"pazpaz-trivy-test-{Guid.NewGuid():N}"));

    public TrivyScannerTests() => _work.CreateDirectory();

    public void Dispose() => _work.DeleteDirectory();

    ScanTarget Target => new(_work / "repo", [new ScannedImage("api", TrivyFixtures.ApiImage)], _work / "artifacts");

    AbsolutePath FakeTrivy(string body)
    {
        var script = _work / "trivy";
        script.WriteAllText("#!/bin/sh\n" + body + "\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        (_work / "repo").CreateDirectory();
        return script;
    }

    /// <summary>Writes the fixture for the subcommand to the file after --output, and appends its arguments to calls.log.</summary>
    AbsolutePath ReportingTrivy() => FakeTrivy($$"""
        echo "$@" >> '{{_work / "calls.log"}}'
        out=""; prev=""
        for a in "$@"; do [ "$prev" = "--output" ] && out="$a"; prev="$a"; done
        case "$1" in
          image) cp '{{TrivyFixtures.Path("trivy-image-api.json")}}' "$out" ;;
          config) cp '{{TrivyFixtures.Path("trivy-config.json")}}' "$out" ;;
        esac
        """);

    [Fact]
    public async Task Scans_each_image_and_the_repository_and_keeps_the_raw_reports()
    {
        var scanner = new TrivyScanner(new TrivySettings { ToolPath = ReportingTrivy() });
        var progress = new List<string>();

        var result = await scanner.ScanAsync(Target, progress.Add);

        Assert.Equal(ScannerStatus.Ran, result.Status);
        Assert.Equal(["CVE-2011-3374", "CVE-2025-8194", "CVE-2023-45853", "DS002"], result.Findings.Select(f => f.Id));
        Assert.True((_work / "artifacts" / "scan" / "trivy-image-api.json").FileExists());
        Assert.True((_work / "artifacts" / "scan" / "trivy-config.json").FileExists());
        var calls = (_work / "calls.log").ReadAllText().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal($"image --format json --quiet --output {_work / "artifacts" / "scan" / "trivy-image-api.json"} {TrivyFixtures.ApiImage}", calls[0]);
        Assert.StartsWith($"config --format json --quiet --output {_work / "artifacts" / "scan" / "trivy-config.json"} --skip-dirs .git", calls[1]);
        Assert.Contains("--skip-dirs tests", calls[1]);
        Assert.EndsWith($" {_work / "repo"}", calls[1]);
        Assert.DoesNotContain(calls, c => c.Contains("--severity") || c.Contains("--ignore-unfixed") || c.Contains("--ignorefile"));
        Assert.Equal([$"trivy image {TrivyFixtures.ApiImage}", $"trivy config {_work / "repo"}"], progress);
    }

    [Fact]
    public async Task A_trivy_that_exits_non_zero_is_a_failed_scan_with_its_output()
    {
        var scanner = new TrivyScanner(new TrivySettings { ToolPath = FakeTrivy("echo 'FATAL image scan error: unable to find the specified image' >&2\nexit 1") });

        var result = await scanner.ScanAsync(Target, _ => { });

        Assert.Equal(ScannerStatus.Failed, result.Status);
        Assert.Contains("exited with code 1", result.Detail);
        Assert.Contains("unable to find the specified image", result.Detail);
        Assert.Empty(result.Findings);
    }

    [Fact]
    public async Task A_report_trivy_left_unreadable_is_a_failed_scan()
    {
        var scanner = new TrivyScanner(new TrivySettings { ToolPath = FakeTrivy("for a in \"$@\"; do [ \"$prev\" = \"--output\" ] && echo 'Results: [' > \"$a\"; prev=\"$a\"; done") });

        var result = await scanner.ScanAsync(Target, _ => { });

        Assert.Equal(ScannerStatus.Failed, result.Status);
        Assert.Contains("its report could not be read", result.Detail);
        Assert.Contains("not valid JSON", result.Detail);
    }

    [Fact]
    public async Task A_trivy_path_that_does_not_exist_is_not_available_rather_than_failed()
    {
        var scanner = new TrivyScanner(new TrivySettings { ToolPath = _work / "no-such-trivy" });

        var result = await scanner.ScanAsync(Target, _ => { });

        Assert.Equal(ScannerStatus.NotAvailable, result.Status);
        Assert.Contains($"trivy is not at '{_work / "no-such-trivy"}'", result.Detail);
    }
}
