using BuildEngine.IO;
using Delivery.Images;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Integration.Tests.Scanning;

/// <summary>
/// Small images the scanner tests build from a Dockerfile text, tagged <c>pazpaz-scan-test/&lt;name&gt;:&lt;pid&gt;</c> so
/// they never clash with the project's images or another run's, and removed again when the test class is done.
/// </summary>
public sealed class FixtureImages(IDockerClient client) : IAsyncDisposable
{
    readonly List<string> _tags = [];

    public async Task<string> BuildAsync(string name, string dockerfile)
    {
        var tag = $"pazpaz-scan-test/{name}:{Environment.ProcessId}";
        var directory = AbsolutePath.Create(Directory.CreateTempSubdirectory("pazpaz-scan-test-").FullName);
        try
        {
            (directory / "Dockerfile").WriteAllText(dockerfile);
            using var context = BuildContext.CreateArchive(directory);
            var progress = new BuildOutput();
            await client.Images.BuildImageFromDockerfileAsync(new ImageBuildParameters { Tags = [tag], Remove = true, ForceRemove = true },
                context, null, null, progress);
            if (progress.Error is { } error)
                throw new InvalidOperationException($"The fixture image {tag} failed to build: {error}\n{string.Join('\n', progress.Lines.TakeLast(15))}");
            _tags.Add(tag);
            return tag;
        }
        finally
        {
            directory.DeleteDirectory();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var tag in _tags)
            await client.Images.DeleteImageAsync(tag, new ImageDeleteParameters { Force = true });
    }

    /// <summary>Synchronous, so lines stay in order (Progress&lt;T&gt; posts them to the thread pool).</summary>
    sealed class BuildOutput : IProgress<JSONMessage>
    {
        public string? Error { get; private set; }
        public List<string> Lines { get; } = [];

        public void Report(JSONMessage value)
        {
            if (value.Error?.Message is { Length: > 0 } error)
                Error = error;
            if (value.Stream is { Length: > 0 } stream)
                Lines.AddRange(stream.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
    }
}
