using BuildEngine;
using BuildEngine.IO;
using Delivery.Deployment;
using Delivery.Environments;
using Delivery.Audit;
using Delivery.Execution;
using Delivery.Registry;

/// <summary>
/// An environment's deploy machinery: its validated settings and secrets, where its parts are, and the deployer that
/// acts on it. Deploy, smoke and rollback targets share it; everything they do is audited in the environment's ledger.
/// </summary>
interface IHazDeployment : IAudit, IHazRegistry, IHazMetrics
{
    [Parameter("Shorter waits for trying a deploy locally: the bake in seconds (default: the environment's BakeSeconds)")]
    int? BakeSeconds => TryGetValue<int>(() => BakeSeconds);

    [Parameter("DeployStaging, DeployProd, Rollback: print the exact steps a run would take now, decided from the real state (probes only read), and change nothing: no lock, no ledger record, no secret file, no smoke")]
    bool DryRun => TryGetValue<bool>(() => DryRun) ?? false;

    /// <summary>--environment, else <paramref name="fallback"/> (DeployStaging means staging, DeployProd prod).</summary>
    EnvironmentName EnvironmentOr(EnvironmentName fallback) => DeployEnvironment is { Length: > 0 } name ? EnvironmentName.Parse(name) : fallback;

    EnvironmentSettings SettingsOf(EnvironmentName environment) => EnvironmentSettings.Load(RootDirectory, environment).EnsureEngineIsLocal();

    Topology TopologyOf(EnvironmentName environment)
    {
        var settings = SettingsOf(environment);
        return new Topology
        {
            Environment = environment.Name,
            Project = settings.ComposeProject,
            Compose = settings.ComposeCommand(RootDirectory),
            BlueAddress = settings.ApiBlueIp.ToString(),
            GreenAddress = settings.ApiGreenIp.ToString(),
            HttpsPort = settings.HttpsPort,
            PreviewPort = settings.PreviewPort,
        };
    }

    /// <summary>
    /// The deployer for <paramref name="environment"/>. Secrets come from the environment or the age file and are masked
    /// in every log line; the database password is written to a tmpfs file that compose mounts as a secret.
    /// </summary>
    Deployer DeployerOf(EnvironmentName environment, IReleaseProbe probe, Action<string>? onSwitched = null)
    {
        var settings = SettingsOf(environment);
        var timings = new DeploymentTimings
        {
            HealthTimeout = settings.HealthTimeout,
            ReadyInARow = settings.HealthyInARow,
            Bake = BakeSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : settings.Bake,
            Drain = settings.Drain,
            LockLease = settings.LockLease,
        };
        return DryRun
            ? new Deployer(PlannerOf(environment), new DryRunStepRunner(new ProcessStepRunner()), probe, new DryRunAuditor(AuditorOf(environment)), timings) { DryRun = true }
            : new Deployer(PlannerOf(environment), new ProcessStepRunner(), probe, AuditorOf(environment), timings) { OnSwitched = onSwitched };
    }

    /// <summary>The environment's steps, with its compose variables, the secret files and the registry login for pulls.</summary>
    DeploymentPlanner PlannerOf(EnvironmentName environment)
    {
        var settings = SettingsOf(environment);
        var secrets = new SecretSource(RootDirectory, environment).Load();
        var directory = SecretFiles.DefaultDirectory(settings.ComposeProject);
        var files = DryRun ? SecretFiles.Paths(secrets, directory) : SecretFiles.Write(secrets, directory);
        return new DeploymentPlanner(TopologyOf(environment), settings.ComposeVariables().Concat(files).ToDictionary(p => p.Key, p => p.Value),
            new Dictionary<string, string>())
        {
            PullConfiguration = DockerConfigFile.Write(directory, Registry, RegistryCredentials),
        };
    }

    IDeployAuditorFactory AuditorFactory => new LedgerAuditorFactory(LedgerDirectory, DeployNotifiers);

    IDeployAuditor AuditorOf(EnvironmentName environment) => AuditorFactory.For(environment.Name);

    /// <summary>Who deploys: the CI actor, else the local user (never an e-mail address from the environment).</summary>
    static string Actor => System.Environment.GetEnvironmentVariable("GITHUB_ACTOR") is { Length: > 0 } actor
        ? "github:" + actor
        : "local:" + System.Environment.UserName;

    AbsolutePath StagingRecordFile => LedgerDirectory / "staging-smoke-passed.json";

    /// <summary>The live release as textfile metrics: the deployments dashboard annotates where they change. Never fails a deploy.</summary>
    void RecordLiveRelease(EnvironmentName environment)
    {
        try
        {
            if (new ReleaseLedger(LedgerDirectory, environment.Name).Current() is { } live)
                Delivery.Metrics.TextfileMetrics.WriteTo(MetricsDirectory, $"release_{environment.Name}", Delivery.Monitoring.ReleaseMetrics.Render(environment.Name, live));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Serilog.Log.Warning("The release metrics for {Environment} were not written to {Directory}: {Reason}", environment, MetricsDirectory, e.Message);
        }
    }
}
