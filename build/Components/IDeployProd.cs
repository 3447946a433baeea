using BuildEngine;
using Delivery.Deployment;
using Delivery.Environments;

/// <summary>
/// Promotes to production exactly the release that passed Smoke on staging, by digest: no rebuild, no tag lookup.
/// On GitHub the job runs in the protected "production" environment, so a reviewer approves it first.
/// </summary>
interface IDeployProd : IDeployStaging
{
    [Parameter("The version or digest expected to go to prod; refused unless it is the release that passed Smoke on staging")]
    string? ReleaseDigest => TryGetValue(() => ReleaseDigest);

    Target DeployProd => _ => _
        .Description("Deploys the release that passed Smoke on staging (the staging record) to prod, blue/green, then smoke-tests prod")
        .After(Smoke)
        .Executes(async () =>
        {
            var record = StagingRecord.Read(StagingRecordFile, ReleaseDigest);
            var outcome = await DeployAsync(EnvironmentName.Prod, record.Release);
            ReportSummary(_ => _.AddPair("Version", outcome.Version).AddPair("Live", outcome.Live.Name()).AddPair("Url", SettingsOf(EnvironmentName.Prod).PublicUrl));
        });
}
