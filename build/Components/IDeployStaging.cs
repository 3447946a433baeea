using BuildEngine;
using Delivery.Deployment;
using Delivery.Environments;
using Delivery.Registry;
using Serilog;

/// <summary>Deploys the pushed digests (artifacts/images.json) to staging, blue/green, then smoke-tests it.</summary>
interface IDeployStaging : IPush, ISmoke
{
    Target DeployStaging => _ => _
        .Description("Deploys the digests in artifacts/images.json to staging (blue/green: migrate, gate, switch, bake, retire), then runs Smoke")
        .DependsOn(Push)
        .Consumes(Push, "artifacts/images.json")
        .Triggers(Smoke)
        .Executes(async () =>
        {
            // Prod takes only a release proven on staging (DeployProd); dev is for trying things by hand.
            if (EnvironmentOr(EnvironmentName.Staging) is var environment && environment != EnvironmentName.Staging && environment != EnvironmentName.Dev)
                throw new DeploymentException($"DeployStaging deploys to staging (or dev), not {environment}. Promote the release that passed Smoke on staging with ./build.sh DeployProd.");
            var release = Release.From(ImagesManifest.Read(ArtifactsDirectory / "images.json"));
            var outcome = await DeployAsync(environment, release);
            ReportSummary(_ => _.AddPair("Version", outcome.Version).AddPair("Live", outcome.Live.Name()).AddPair("Url", SettingsOf(environment).PublicUrl));
        });

    /// <summary>One blue/green deploy of <paramref name="release"/> to <paramref name="environment"/>.</summary>
    async Task<DeployOutcome> DeployAsync(EnvironmentName environment, Release release, Action<string>? onSwitched = null)
    {
        using var probe = new LoopbackReleaseProbe(TopologyOf(environment));
        var outcome = await DeployerOf(environment, probe, onSwitched).DeployAsync(new DeployRequest(release, Actor, GitVersion.Sha));
        Log.Information("{Environment}: {Version} is live on {Colour} ({Phases})", environment, outcome.Version, outcome.Live.Name(),
            string.Join(", ", outcome.Phases.Select(p => $"{p.Key} {p.Value.TotalSeconds:0.0} s")));
        return outcome;
    }
}
