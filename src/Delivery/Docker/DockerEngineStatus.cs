using BuildEngine.Tooling;

namespace Delivery.Docker;

/// <summary>Whether a Docker engine answers, and the API version it speaks (clients must not ask for a newer one).</summary>
public sealed record DockerEngineStatus(string Endpoint, string? ApiVersion, string? Error)
{
    public const string DefaultSocket = "unix:///var/run/docker.sock";

    public bool Reachable => ApiVersion is not null;

    /// <summary>Asks the engine through the docker CLI, which negotiates down to old engines.</summary>
    public static DockerEngineStatus Probe()
    {
        var endpoint = Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } host ? host : DefaultSocket;
        ProcessResult result;
        try
        {
            // A DOCKER_API_VERSION left from an earlier engine would make the probe itself fail.
            result = ProcessTasks.Probe("docker", ["version", "--format", "{{.Server.APIVersion}}"], TimeSpan.FromSeconds(20),
                environmentVariables: new Dictionary<string, string?> { ["DOCKER_API_VERSION"] = null });
        }
        catch (InvalidOperationException e)
        {
            return new DockerEngineStatus(endpoint, null, e.Message);
        }
        var version = result.StandardOutput.Trim();
        return result.ExitCode == 0 && version.Length > 0
            ? new DockerEngineStatus(endpoint, version, null)
            : new DockerEngineStatus(endpoint, null, string.Join(' ', result.Output.Select(o => o.Text)).Trim());
    }
}

/// <summary>What this host allows the build to do about a missing engine.</summary>
public sealed record HostFacts(bool IsRoot, bool HasAptGet, bool HasDockerd, bool DockerHostConfigured)
{
    public static HostFacts Detect() => new(
        IsRoot: OperatingSystem.IsLinux() && Environment.UserName == "root",
        HasAptGet: File.Exists("/usr/bin/apt-get"),
        HasDockerd: File.Exists("/usr/sbin/dockerd") || File.Exists("/usr/bin/dockerd"),
        DockerHostConfigured: Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 });
}
