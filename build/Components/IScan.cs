using BuildEngine;
using Delivery.Docker;
using Delivery.Scanning;
using Delivery.Scanning.Gate;
using Delivery.Scanning.Sarif;
using Serilog;

interface IScan : IDockerBuild, IHazArtifacts
{
    [Parameter("Scan: lowest severity listed in the summary: low, medium, high, critical, or Trivy's form HIGH,CRITICAL (default low)")]
    string ScanSeverity => TryGetValue(() => ScanSeverity) ?? "low";

    [Parameter("Scan: lowest severity of a vulnerability with a fix that fails the gate: low, medium, high, critical, or none (default high)")]
    string ScanFailOn => TryGetValue(() => ScanFailOn) ?? "high";

    Target Scan => _ => _
        .Description("Scans images, dependencies, secrets and policies; fails on a fixable HIGH/CRITICAL vulnerability, any secret or policy error")
        .DependsOn(DockerBuild)
        .Produces("artifacts/scan", "artifacts/sbom")
        .Executes(async () =>
        {
            var gate = new ScanGate(ScanGateSettings.Parse(ScanFailOn, ScanSeverity), ScanIgnoreFile.Load(RootDirectory / ScanIgnoreFile.FileName));
            using var client = DockerClients.Create();
            var target = new ScanTarget(RootDirectory, [.. Images.Select(i => new ScannedImage(i.Name, ImageVersion.Tags(i)[0]))], ArtifactsDirectory);
            var scan = await SecurityScans.All(client, TemporaryDirectory / "tools").RunAsync(target, line => Log.Information("{Progress}", line));

            var verdict = gate.Judge(scan.ScannerResults);
            var sarif = SarifWriter.Write(verdict, target.ScanDirectory, SarifWriter.DockerfilesOf(target, Images));
            Log.Information("Scan ({Sarif} SARIF files in artifacts/scan, SBOMs in artifacts/sbom):{NewLine}{Table}{NewLine}{Sboms}",
                sarif.Count, Environment.NewLine, verdict.Render(), Environment.NewLine, scan.RenderSboms());
            foreach (var warning in verdict.Warnings)
                Log.Warning("{Warning}", warning);
            ReportSummary(_ => _
                .AddPair("Scanners ran", $"{verdict.Results.Count(r => r.Status == ScannerStatus.Ran)}/{verdict.Results.Count}")
                .AddPair("Blocking", verdict.Blocking.Count)
                .AddPair("Gate", verdict.Passed ? "passed" : "FAILED"));
            if (!verdict.Passed)
                throw new ScanGateFailedException(verdict.Failures);
        });
}
