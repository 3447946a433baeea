using System.Diagnostics;
using Docker.DotNet;
using Docker.DotNet.Models;
using Serilog;

namespace Delivery.Images;

public sealed record BuiltImage(ImageDefinition Definition, string Id, long SizeBytes, IReadOnlyList<string> Tags, TimeSpan Duration);

public sealed class ImageBuildException(string message) : Exception(message);

/// <summary>
/// Builds through the Engine API's build endpoint (the classic builder on old engines, so Dockerfiles use no
/// BuildKit-only syntax), showing each step, and reading errors from the progress stream where the API reports them.
/// </summary>
public sealed partial class ImageBuilder(IDockerClient client)
{
    public async Task<BuiltImage> BuildAsync(ImageDefinition image, ImageVersion version, IReadOnlyDictionary<string, byte[]>? extraContextFiles = null,
        bool noCache = false, string? target = null, CancellationToken cancellation = default)
    {
        var stopwatch = Stopwatch.StartNew();
        var tags = version.Tags(image);
        using var context = BuildContext.CreateArchive(image.Context, extraContextFiles, image.Dockerfile, image.SharedFolders);
        var progress = new BuildProgress(image.Name);
        Log.Information("Building {Image} ({Size:0.0} kB context)", image.Name, context.Length / 1e3);
        await client.Images.BuildImageFromDockerfileAsync(new ImageBuildParameters
        {
            Tags = tags.ToList(),
            Labels = version.Labels,
            BuildArgs = version.BuildArgs,
            Dockerfile = image.Dockerfile,
            Remove = true,
            ForceRemove = true,
            NoCache = noCache,
            Target = target!,
        }, context, null, null, progress, cancellation);
        if (progress.Error is { } error)
            throw new ImageBuildException($"Image '{image.Name}' failed to build: {error}{Environment.NewLine}" +
                $"   Step: {progress.LastStep ?? "none"}{Environment.NewLine}   Last output:{Environment.NewLine}" +
                string.Join(Environment.NewLine, progress.Tail.Select(l => "   " + l)));
        var inspected = await client.Images.InspectImageAsync(tags[0], cancellation);
        Log.Information("Built {Image} in {Seconds:0.0} s: {Size:0.0} MB", image.Name, stopwatch.Elapsed.TotalSeconds, inspected.Size / 1e6);
        return new BuiltImage(image, inspected.ID, inspected.Size, tags, stopwatch.Elapsed);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\x1b\[[0-9;]*m")]
    private static partial System.Text.RegularExpressions.Regex Ansi();

    /// <summary>Synchronous on purpose: Progress&lt;T&gt; would post lines out of order.</summary>
    sealed class BuildProgress(string image) : IProgress<JSONMessage>
    {
        readonly Queue<string> _tail = new();

        public string? Error { get; private set; }
        public string? LastStep { get; private set; }
        public IEnumerable<string> Tail => _tail;

        public void Report(JSONMessage value)
        {
            if (value.Error?.Message is { Length: > 0 } error)
            {
                Error = error.Trim();
                return;
            }
            foreach (var line in Ansi().Replace(value.Stream ?? "", "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (line.StartsWith("Step ", StringComparison.Ordinal))
                {
                    LastStep = line;
                    Log.Information("[{Image}] {Line}", image, line);
                }
                else
                {
                    Log.Debug("[{Image}] {Line}", image, line);
                    _tail.Enqueue(line);
                    if (_tail.Count > 15)
                        _tail.Dequeue();
                }
            }
        }
    }
}
