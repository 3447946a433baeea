using BuildEngine;
using BuildEngine.IO;
using Delivery.Deployment;
using Delivery.Environments;
using Delivery.Registry;
using Delivery.Smoke;
using Serilog;

/// <summary>
/// Smoke-tests an environment through its real edge. On staging, a pass is what makes a release promotable: it writes
/// the staging record DeployProd reads (the digests of artifacts/images.json, when that is the version serving).
/// </summary>
interface ISmoke : IHazDeployment, IHazArtifacts
{
    [Parameter("URL to smoke-test; default: the environment's HTTPS port on this host's loopback")]
    string? SmokeUrl => TryGetValue(() => SmokeUrl);

    Target Smoke => _ => _
        .Description("Smoke-tests --environment (default staging): ready, version, a write read back and deleted, a WebSocket round trip, a hashed asset, p95 < 150 ms")
        // It writes to the environment's database; a dry run of the deploy that triggers it changes nothing.
        .OnlyWhenDynamic(() => !DryRun)
        .Executes(async () =>
        {
            var environment = EnvironmentOr(EnvironmentName.Staging);
            var manifestFile = ArtifactsDirectory / "images.json";
            var manifest = manifestFile.FileExists() ? ImagesManifest.Read(manifestFile) : null;
            var url = new Uri(SmokeUrl ?? $"https://127.0.0.1:{SettingsOf(environment).HttpsPort}");
            using var smoke = new SmokeTest(new SmokeSettings(url, null));
            var report = await smoke.RunAsync();
            Log.Information("{Report}", report.Render());
            var version = report.Checks.Single(c => c.Name == "version").Detail;
            ReportSummary(_ => _.AddPair("Environment", environment.Name).AddPair("Version", version).AddPair("p95", report.Latency.Observed is { } p95 ? $"{p95.TotalMilliseconds:0} ms" : "-"));
            if (!report.Passed)
                throw new DeploymentException($"Smoke failed on {environment.Name} ({url}): " + string.Join("; ",
                    report.Checks.Where(c => !c.Passed).Select(c => $"{c.Name}: {c.Detail}")
                        .Concat(report.Latency.Passed ? [] : [$"latency: p95 {report.Latency.Observed?.TotalMilliseconds:0} ms over {report.Latency.Samples} requests, {report.Latency.Failed} failed (budget < {report.Latency.Budget.Budget.TotalMilliseconds:0} ms, no failures)"])));
            if (environment == EnvironmentName.Staging && manifest is not null && manifest.Version == version)
            {
                new StagingRecord(manifest.Version, Release.From(manifest).Images, DateTimeOffset.UtcNow).Write(StagingRecordFile);
                Log.Information("{Version} passed Smoke on staging: DeployProd may promote it ({File})", version, StagingRecordFile);
            }
        });
}
