using Docker.DotNet;
using Docker.DotNet.Models;
using BuildEngine.IO;
using Serilog;
using Delivery.Execution;

namespace Delivery.Registry;

/// <summary>How the embedded registry runs: loopback only, credentials from <c>.nuke/temp/registry</c>, data in a named volume.</summary>
public sealed record EmbeddedRegistrySettings(string Image, AbsolutePath HtpasswdFile)
{
    public const string DefaultAddress = "127.0.0.1:5000";

    public string ContainerName { get; init; } = "pazpaz-registry";
    public string DataVolume { get; init; } = "pazpaz-registry-data";
    public int Port { get; init; } = 5000;
    public string Address => $"127.0.0.1:{Port}";
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);
}

/// <summary>
/// The registry the pipeline pushes to when no other is configured: our own registry image as a container, started
/// (or replaced, when its image changed) and awaited until healthy. Non-root, read-only, no capabilities.
/// </summary>
public sealed class EmbeddedRegistry(IDockerClient client, EmbeddedRegistrySettings settings)
{
    public async Task EnsureRunningAsync(CancellationToken cancellation = default)
    {
        var image = await client.Images.InspectImageAsync(settings.Image, cancellation);
        var existing = (await client.Containers.ListContainersAsync(new ContainersListParameters { All = true }, cancellation))
            .FirstOrDefault(c => c.Names.Contains("/" + settings.ContainerName));
        if (existing is not null && existing.ImageID == image.ID && existing.State == "running")
        {
            await WaitHealthyAsync(existing.ID, cancellation);
            return;
        }
        if (existing is not null)
        {
            Log.Information("Replacing the embedded registry container (its image changed or it stopped)");
            await client.Containers.RemoveContainerAsync(existing.ID, new ContainerRemoveParameters { Force = true }, cancellation);
        }

        Log.Information("Starting the embedded registry on {Address}", settings.Address);
        var created = await client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = settings.ContainerName,
            Image = image.ID,
            Labels = new Dictionary<string, string> { ["org.pazpaz.role"] = "embedded-registry" },
            ExposedPorts = new Dictionary<string, EmptyStruct> { ["5000/tcp"] = default },
            HostConfig = new HostConfig
            {
                PortBindings = new Dictionary<string, IList<PortBinding>> { ["5000/tcp"] = [new PortBinding { HostIP = "127.0.0.1", HostPort = settings.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) }] },
                Mounts =
                [
                    new Mount { Type = "bind", Source = settings.HtpasswdFile, Target = "/auth/htpasswd", ReadOnly = true },
                    new Mount { Type = "volume", Source = settings.DataVolume, Target = "/var/lib/registry" },
                ],
                ReadonlyRootfs = true,
                CapDrop = ["ALL"],
                SecurityOpt = ["no-new-privileges:true"],
                Memory = 256 * 1024 * 1024,
                PidsLimit = 100,
                RestartPolicy = new RestartPolicy { Name = RestartPolicyKind.UnlessStopped },
            },
        }, cancellation);
        await client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), cancellation);
        await WaitHealthyAsync(created.ID, cancellation);
    }

    async Task WaitHealthyAsync(string containerId, CancellationToken cancellation)
    {
        var deadline = Deadline.After(settings.StartTimeout);
        while (true)
        {
            var state = (await client.Containers.InspectContainerAsync(containerId, cancellation)).State
                        ?? throw new InvalidOperationException("The engine reported no state for the embedded registry container.");
            if (state.Health?.Status == "healthy")
                return;
            if (!state.Running || deadline.Passed)
            {
                var logs = await ReadLogsAsync(containerId, cancellation);
                throw new InvalidOperationException(
                    $"The embedded registry did not become healthy (state: {state.Status}, health: {state.Health?.Status ?? "none"}). Its last log lines:{Environment.NewLine}{logs}");
            }
            await Task.Delay(500, cancellation);
        }
    }

    async Task<string> ReadLogsAsync(string containerId, CancellationToken cancellation)
    {
        using var stream = await client.Containers.GetContainerLogsAsync(containerId, new ContainerLogsParameters { ShowStdout = true, ShowStderr = true, Tail = "20" }, cancellation);
        var (stdout, stderr) = await stream.ReadOutputToEndAsync(cancellation);
        return stdout + stderr;
    }
}
