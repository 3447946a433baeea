using BuildEngine;
using Delivery.Deployment;
using Delivery.Environments;
using Delivery.Smoke;
using Serilog;

/// <summary>
/// Promotes to production exactly the release that passed Smoke on staging, by digest: no rebuild, no tag lookup.
/// On GitHub the job runs in the protected "production" environment, so a reviewer approves it first.
/// </summary>
interface IDeployProd : IDeployStaging, IRollback
{
    [Parameter("The version or digest expected to go to prod; refused unless it is the release that passed Smoke on staging")]
    string? ReleaseDigest => TryGetValue(() => ReleaseDigest);

    Target DeployProd => _ => _
        .Description("Deploys the release that passed Smoke on staging (the staging record) to prod, blue/green, then smoke-tests prod")
        .After(Smoke)
        .Executes(async () =>
        {
            var record = StagingRecord.Read(StagingRecordFile, ReleaseDigest);
            // On GitHub the rollback job gets this only if prod's public traffic actually moved (see IRollback).
            var outcome = await DeployAsync(EnvironmentName.Prod, record.Release,
                digest => BuildEngine.CI.GitHubActions.GitHubActions.Instance?.SetOutput(nameof(IRollback.SwitchedDigest), digest));
            if (DryRun)
                return;
            using var smoke = new SmokeTest(new SmokeSettings(new Uri(SmokeUrl ?? $"https://127.0.0.1:{SettingsOf(EnvironmentName.Prod).HttpsPort}"), record.Version));
            var report = await smoke.RunAsync();
            Log.Information("{Report}", report.Render());
            ReportSummary(_ => _.AddPair("Version", outcome.Version).AddPair("Live", outcome.Live.Name()).AddPair("Smoke", report.Passed ? "passed" : "FAILED"));
            if (!report.Passed)
                throw new DeploymentException($"{record.Version} is live in prod but failed its smoke test: {string.Join("; ", report.Checks.Where(c => !c.Passed).Select(c => $"{c.Name}: {c.Detail}"))}. " +
                    "Decide now: ./build.sh Rollback --environment prod (to the release before it), or fix forward.");
        });
}
