using BuildEngine.IO;
using Delivery.Scanning;
using Delivery.Scanning.Dependencies;

namespace Delivery.Tests.Scanning;

/// <summary>The scan runs every scanner and SBOM generator; one that throws is recorded as failed, never stops the rest.</summary>
public sealed class SecurityScanTests : IDisposable
{
    readonly AbsolutePath _root = (AbsolutePath)Path.Combine(Path.GetTempPath(), "pazpaz-security-scan-" + Guid.NewGuid().ToString("N"));

    sealed class Scanner(string name, Func<ScannerResult> scan) : IScanner
    {
        public string Name => name;
        public Task<ScannerResult> ScanAsync(ScanTarget target, Action<string> progress, CancellationToken cancellationToken = default) => Task.FromResult(scan());
    }

    sealed class Sbom(string name, Func<SbomResult> generate) : ISbomGenerator
    {
        public string Name => name;
        public string FileName => name + ".cdx.json";
        public Task<SbomResult> GenerateAsync(ScanTarget target, Action<string> progress, CancellationToken cancellationToken = default) => Task.FromResult(generate());
    }

    [Fact]
    public async Task A_scanner_or_generator_that_throws_is_failed_with_its_reason_and_the_others_still_run()
    {
        var finding = new Finding { Scanner = "second", Id = "DF001", Kind = FindingKind.Policy, Severity = Severity.High, Location = "Dockerfile", Message = "no USER" };
        var scan = new SecurityScan(
            [
                new Scanner("first", () => throw new InvalidOperationException("engine gone")),
                new Scanner("second", () => ScannerResult.Ran("second", [finding])),
            ],
            [
                new Sbom("broken", () => throw new IOException("disk full")),
                new Sbom("fine", () => SbomResult.NotAvailable("fine", "no lockfile")),
            ]);
        var progress = new List<string>();

        var result = await scan.RunAsync(new ScanTarget(_root, [], _root / "artifacts"), progress.Add);

        Assert.Equal([ScannerStatus.Failed, ScannerStatus.Ran], result.ScannerResults.Select(r => r.Status));
        Assert.Equal("InvalidOperationException: engine gone", result.ScannerResults[0].Detail);
        Assert.Equal([finding], result.ScannerResults[1].Findings);
        Assert.Equal(["broken", "fine"], result.Sboms.Select(s => s.Result.Generator));
        Assert.Equal((ScannerStatus.Failed, "IOException: disk full"), (result.Sboms[0].Result.Status, result.Sboms[0].Result.Detail));
        Assert.Contains("first: FAILED: InvalidOperationException: engine gone in 0.0 s", progress);
        Assert.Matches(@"broken\s+Failed\s+0\s+\d+\.\d s  IOException: disk full", result.RenderSboms());
        Assert.True(Directory.Exists(_root / "artifacts" / "scan") && Directory.Exists(_root / "artifacts" / "sbom"));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
