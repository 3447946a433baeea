using Docker.DotNet.Models;
using Integration.Tests.Images;
using ContainerSpec = Integration.Tests.Images.ContainerSpec;

namespace Integration.Tests.Monitoring;

/// <summary>
/// The project's prometheus image (its Debian promtool, the one the stack runs) with a rules folder bind-mounted
/// read-only; promtool runs in it through exec, so the image keeps its own entrypoint and hardened options.
/// </summary>
sealed class PromtoolContainer
{
    public const string MountPoint = "/etc/prometheus/pazpaz";

    readonly DockerFixture _docker;
    readonly string _id;

    PromtoolContainer(DockerFixture docker, string id) => (_docker, _id) = (docker, id);

    public static async Task<PromtoolContainer> StartAsync(DockerFixture docker, string name, string folder)
    {
        var image = await docker.BuildAsync("prometheus");
        var running = await docker.RunAsync(new ContainerSpec(name, image.Id)
        {
            // A named volume (swept with the fixture's other resources) takes the image's 10005-owned /prometheus.
            Mounts =
            [
                new Mount { Type = "bind", Source = folder, Target = MountPoint, ReadOnly = true },
                new Mount { Type = "volume", Source = DockerFixture.NameOf(name + "-data"), Target = "/prometheus" },
            ],
        });
        var health = await docker.WaitForHealthAsync(running.Id, TimeSpan.FromSeconds(60));
        if (health != "healthy")
            throw new InvalidOperationException($"The prometheus container did not turn healthy ({health}):\n{await docker.LogsAsync(running.Id)}");
        return new PromtoolContainer(docker, running.Id);
    }

    /// <summary>Runs promtool with paths relative to the mounted folder; returns its exit code and combined output.</summary>
    public async Task<(long ExitCode, string Output)> RunAsync(params string[] arguments)
    {
        var exec = await _docker.Client.Exec.CreateContainerExecAsync(_id, new ContainerExecCreateParameters
        {
            Cmd = ["promtool", .. arguments],
            WorkingDir = MountPoint,
            AttachStdout = true,
            AttachStderr = true,
        });
        using (var stream = await _docker.Client.Exec.StartContainerExecAsync(exec.ID, new ContainerExecStartParameters()))
        {
            var (stdout, stderr) = await stream.ReadOutputToEndAsync(CancellationToken.None);
            var inspected = await _docker.Client.Exec.InspectContainerExecAsync(exec.ID);
            return (inspected.ExitCode ?? -1, stdout + stderr);
        }
    }
}
