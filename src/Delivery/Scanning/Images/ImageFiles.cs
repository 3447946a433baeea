using System.Formats.Tar;
using System.Net;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Delivery.Scanning.Images;

/// <summary>
/// Reads files out of an image through a created, never started, container: nothing of the scanned image runs, and the
/// engine's archive endpoint follows no symlink out of the image. The container is removed when this is disposed.
/// </summary>
public sealed class ImageFiles : IAsyncDisposable
{
    readonly IDockerClient _client;
    readonly string _containerId;

    ImageFiles(IDockerClient client, string containerId)
    {
        _client = client;
        _containerId = containerId;
    }

    public static async Task<ImageFiles> OpenAsync(IDockerClient client, string image, CancellationToken cancellation = default)
    {
        // An image without CMD or ENTRYPOINT cannot be created without a command; this one never runs.
        var created = await client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = image,
            Entrypoint = ["/nonexistent"],
            NetworkDisabled = true,
            Labels = new Dictionary<string, string> { [ScratchContainer.Label] = "image-files" },
        }, cancellation);
        return new ImageFiles(client, created.ID);
    }

    /// <summary>The text of one file, or null when the image has no such file.</summary>
    public async Task<string?> ReadTextAsync(string path, CancellationToken cancellation = default) =>
        (await ReadAsync(path, cancellation)).Values.FirstOrDefault();

    /// <summary>
    /// Every regular file at <paramref name="path"/> (itself, or all files under it when it is a folder), by path in the
    /// archive (the folder's own name first: <c>status.d/libc6</c>); empty when the path does not exist.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> ReadAsync(string path, CancellationToken cancellation = default)
    {
        // Buffered first: the engine's chunked response stream does not serve the tar reader's partial reads.
        var buffer = new MemoryStream();
        try
        {
            var archive = await _client.Containers.GetArchiveFromContainerAsync(_containerId, new ContainerPathStatParameters { Path = path }, false, cancellation);
            await using var stream = archive.Stream ?? throw new InvalidOperationException($"The engine returned no archive for {path}.");
            await stream.CopyToAsync(buffer, cancellation);
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return new Dictionary<string, string>();
        }
        buffer.Position = 0;
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        using var reader = new TarReader(buffer);
        while (await reader.GetNextEntryAsync(copyData: false, cancellation) is { } entry)
        {
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null)
                continue;
            using var text = new StreamReader(entry.DataStream, Encoding.UTF8);
            files[entry.Name] = await text.ReadToEndAsync(cancellation);
        }
        return files;
    }

    public async ValueTask DisposeAsync() =>
        await _client.Containers.RemoveContainerAsync(_containerId, new ContainerRemoveParameters { Force = true });
}
