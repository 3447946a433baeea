using BuildEngine;
using Delivery.Deployment;
using Delivery.Environments;
using Delivery.Observability;
using Delivery.Registry;
using Serilog;

/// <summary>Deploys the pushed digests (artifacts/images.json) to staging, blue/green, then smoke-tests it.</summary>
interface IDeployStaging : IPush, ISmoke
{
    [Parameter("Sentry server for release tracking (default https://sentry.io; a self-hosted one's URL otherwise)")]
    string? SentryUrl => TryGetValue(() => SentryUrl);

    [Parameter("Sentry organisation slug; with --sentry-project and SENTRY_AUTH_TOKEN a deploy creates the release and marks it deployed")]
    string? SentryOrg => TryGetValue(() => SentryOrg);

    [Parameter("Sentry project slug of the api")]
    string? SentryProject => TryGetValue(() => SentryProject);

    [Parameter("Sentry auth token with the project:releases scope; unset: no Sentry release"), Secret]
    string? SentryAuthToken => TryGetValue(() => SentryAuthToken);

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
        if (DryRun)
            return outcome;
        Log.Information("{Environment}: {Version} is live on {Colour} ({Phases})", environment, outcome.Version, outcome.Live.Name(),
            string.Join(", ", outcome.Phases.Select(p => $"{p.Key} {p.Value.TotalSeconds:0.0} s")));
        RecordLiveRelease(environment);
        // Best effort, like the notifications: a Sentry failure is a warning and the deploy stands.
        await SentryDeployReporter.From(SentryUrl, SentryOrg, SentryProject, SentryAuthToken).ReportAsync(outcome.Version, environment.Name);
        return outcome;
    }
}
