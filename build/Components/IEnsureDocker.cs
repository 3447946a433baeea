using BuildEngine;
using Delivery.Docker;
using Delivery.Execution;
using Serilog;

interface IEnsureDocker : INukeBuild
{
    Target EnsureDocker => _ => _
        .Description("Finds a Docker engine, or installs and starts Debian's dockerd when root on Debian/Ubuntu")
        .Unlisted()
        .Executes(() =>
        {
            var plan = EnsureDockerPlanner.Plan(DockerEngineStatus.Probe(), HostFacts.Detect(), new DockerDaemonSettings(TemporaryDirectory));
            Log.Information("{Plan}", plan.Render());
            new ProcessStepRunner().Run(plan);
            var status = DockerEngineStatus.Probe();
            if (!status.Reachable)
                throw new DockerUnavailableException($"The Docker engine still does not answer: {status.Error}. See {TemporaryDirectory / "dockerd.log"}.");
            // Docker.DotNet and Testcontainers default to a newer API than old engines speak; ask for the engine's own.
            Environment.SetEnvironmentVariable("DOCKER_API_VERSION", status.ApiVersion);
            ReportSummary(_ => _.AddPair("Engine", status.Endpoint).AddPair("API", status.ApiVersion));
        });
}
