using System.Formats.Tar;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Delivery.Scanning.Images;

/// <summary>What one command in a <see cref="ScratchContainer"/> printed, and how it exited.</summary>
public sealed record ExecResult(long ExitCode, string Output, TimeSpan Duration)
{
    public string Tail(int lines = 8) => string.Join('\n', Output.TrimEnd().Split('\n').TakeLast(lines));
}

/// <summary>
/// A throwaway container of a trusted tool image (never a scanned one) that idles while commands run in it one by one;
/// files are copied in before it starts, so it needs no bind mount and works against a remote engine too.
/// </summary>
public sealed class ScratchContainer : IAsyncDisposable
{
    /// <summary>Marks every container the scanners create, so a leftover of a killed run can be found and removed.</summary>
    public const string Label = "org.pazpaz.scan";

    readonly IDockerClient _client;

    ScratchContainer(IDockerClient client, string id)
    {
        _client = client;
        Id = id;
    }

    public string Id { get; }

    /// <param name="files">Absolute paths in the container and their content.</param>
    /// <param name="network">The engine network to join; null for the default bridge.</param>
    public static async Task<ScratchContainer> StartAsync(IDockerClient client, string image, string purpose,
        IReadOnlyDictionary<string, string> files, string? network = null, CancellationToken cancellation = default)
    {
        var created = await client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = image,
            Entrypoint = ["sleep", "infinity"],
            Labels = new Dictionary<string, string> { [Label] = purpose },
            HostConfig = new HostConfig { NetworkMode = network!, AutoRemove = false },
        }, cancellation);
        var container = new ScratchContainer(client, created.ID);
        try
        {
            if (files.Count > 0)
                await client.Containers.ExtractArchiveToContainerAsync(created.ID, new CopyToContainerParameters { Path = "/" }, Archive(files), cancellation);
            await client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), cancellation);
            return container;
        }
        catch
        {
            await container.DisposeAsync();
            throw;
        }
    }

    public async Task<ExecResult> ExecAsync(IReadOnlyList<string> command, CancellationToken cancellation = default)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var exec = await _client.Exec.CreateContainerExecAsync(Id, new ContainerExecCreateParameters
        {
            Cmd = command.ToList(),
            AttachStdout = true,
            AttachStderr = true,
        }, cancellation);
        using var stream = await _client.Exec.StartContainerExecAsync(exec.ID, new ContainerExecStartParameters(), cancellation);
        var (stdout, stderr) = await stream.ReadOutputToEndAsync(cancellation);
        var inspected = await _client.Exec.InspectContainerExecAsync(exec.ID, cancellation);
        return new ExecResult(inspected.ExitCode ?? -1, stdout + stderr, System.Diagnostics.Stopwatch.GetElapsedTime(started));
    }

    public async ValueTask DisposeAsync() =>
        await _client.Containers.RemoveContainerAsync(Id, new ContainerRemoveParameters { Force = true });

    static MemoryStream Archive(IReadOnlyDictionary<string, string> files)
    {
        var stream = new MemoryStream();
        using (var tar = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (path, content) in files)
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, path.TrimStart('/'))
                {
                    Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
                    DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)),
                });
            }
        }
        stream.Position = 0;
        return stream;
    }
}
