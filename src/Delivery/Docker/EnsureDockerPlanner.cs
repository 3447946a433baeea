using BuildEngine.IO;
using Delivery.Execution;

namespace Delivery.Docker;

/// <summary>Where a daemon the build starts keeps its log and pid (so CI can stop exactly what it started).</summary>
public sealed record DockerDaemonSettings(AbsolutePath TemporaryDirectory)
{
    public AbsolutePath LogFile => TemporaryDirectory / "dockerd.log";
    public AbsolutePath PidFile => TemporaryDirectory / "dockerd.pid";
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(90);
}

/// <summary>
/// Decides how to get a Docker engine: nothing when one answers; start Debian's dockerd, installing docker.io first,
/// when this is a Debian/Ubuntu host and we are root; otherwise a clear error saying what to install.
/// </summary>
public static class EnsureDockerPlanner
{
    public static Plan Plan(DockerEngineStatus status, HostFacts host, DockerDaemonSettings settings)
    {
        if (status.Reachable)
            return Execution.Plan.Empty($"Docker engine at {status.Endpoint} (API {status.ApiVersion})");
        if (host.DockerHostConfigured)
            throw new DockerUnavailableException(
                $"DOCKER_HOST={status.Endpoint} does not answer ({status.Error}). Start that engine, fix DOCKER_HOST, or unset it to use a local one.");
        if (!host.IsRoot || !host.HasAptGet && !host.HasDockerd)
            throw new DockerUnavailableException(
                $"No Docker engine answers at {status.Endpoint} ({status.Error}), and this host cannot start one by itself " +
                "(that needs root on Debian/Ubuntu). Install Docker Engine (Debian: 'apt-get install docker.io', then start dockerd), " +
                "or set DOCKER_HOST to a reachable engine.");

        var steps = new List<Step>();
        if (!host.HasDockerd)
        {
            steps.Add(Step.Run("Refresh the package lists", "apt-get", "update", "-qq"));
            steps.Add(Step.Run("Install Debian's docker.io", "env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y", "-qq", "--no-install-recommends", "docker.io"));
        }
        steps.Add(Step.Run($"Start dockerd in the background (log: {settings.LogFile.Name})",
            "bash", "-c", "mkdir -p \"$(dirname \"$1\")\"; setsid dockerd >>\"$1\" 2>&1 </dev/null & echo $! >\"$2\"",
            "start-dockerd", settings.LogFile, settings.PidFile));
        steps.Add(Step.WaitUntil("Wait until the engine answers", settings.StartTimeout, "docker", "version", "--format", "{{.Server.APIVersion}}"));
        return new Plan($"Start a Docker engine at {status.Endpoint}", steps);
    }
}

public sealed class DockerUnavailableException(string message) : Exception(message);
