using System.Globalization;
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
            var host = HostFacts.Detect();
            var plan = EnsureDockerPlanner.Plan(DockerEngineStatus.Probe(), host, new DockerDaemonSettings(TemporaryDirectory));
            Log.Information("{Plan}", plan.Render());
            new ProcessStepRunner().Run(plan);
            var status = DockerEngineStatus.Probe();
            if (!status.Reachable)
                throw new DockerUnavailableException($"The Docker engine still does not answer: {status.Error}. See {TemporaryDirectory / "dockerd.log"}.");
            // Docker.DotNet and Testcontainers default to a newer API than old engines speak; ask for the engine's own.
            Environment.SetEnvironmentVariable("DOCKER_API_VERSION", status.ApiVersion);
            ReportSummary(_ => _.AddPair("Engine", status.Endpoint).AddPair("API", status.ApiVersion));
            // A remote engine's host is its operator's to tune.
            if (!host.DockerHostConfigured && ContainerCgroupFacts.Detect(host.IsRoot) is { } cgroup)
            {
                var priority = ContainerCpuPriority.Plan(cgroup);
                Log.Information("{Plan}", priority.Render());
                new ProcessStepRunner().Run(priority);
                var weight = priority.IsEmpty ? cgroup.Weight : ContainerCpuPriority.Target(cgroup.CgroupVersion);
                ReportSummary(_ => _.AddPair("Container CPU weight", cgroup.Driver == "cgroupfs" ? weight?.ToString(CultureInfo.InvariantCulture) ?? "unset" : cgroup.Driver));
            }
        });
}
