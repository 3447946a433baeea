using System.Diagnostics;
using System.Globalization;
using System.Text;
using BuildEngine.IO;
using Delivery.Images;
using Docker.DotNet;

namespace Delivery.Benchmarks;

/// <summary>Image sizes, a cold build of every image, and the rebuild of the api after a one-line change.</summary>
public sealed class ImageBenchmark(IDockerClient client, IReadOnlyList<ImageDefinition> images, AbsolutePath workDirectory)
{
    static readonly ImageVersion Version = new("benchmark", "benchmark", "benchmark", "local", DateTimeOffset.UnixEpoch);

    public async Task<ImageBenchmarkResult> RunAsync(Action<string> progress)
    {
        var builder = new ImageBuilder(client);
        var cold = new List<BuiltImage>();
        var stopwatch = Stopwatch.StartNew();
        foreach (var image in images)
        {
            progress($"cold build of {image.Name} (no cache) ...");
            cold.Add(await builder.BuildAsync(image, Version, BuildCertificates.ContextFiles(), noCache: true));
        }
        var coldTotal = stopwatch.Elapsed;

        var api = images.Single(i => i.Name == "api");
        var copy = workDirectory / "api-one-line-change";
        copy.CreateOrCleanDirectory();
        foreach (var file in BuildContext.Files(api.Context))
            File.Copy(api.Context / file, (copy / file).Parent!.CreateDirectory() / Path.GetFileName(file));
        var changed = api with { Context = copy };
        await builder.BuildAsync(changed, Version, BuildCertificates.ContextFiles());
        File.AppendAllText(copy / "app" / "main.py", $"# benchmark change {Guid.NewGuid():N}\n");
        progress("rebuild of api after a one-line change ...");
        var rebuild = await builder.BuildAsync(changed, Version, BuildCertificates.ContextFiles());
        copy.DeleteDirectory();

        return new ImageBenchmarkResult(cold, coldTotal, rebuild.Duration);
    }
}

public sealed record ImageBenchmarkResult(IReadOnlyList<BuiltImage> ColdBuilds, TimeSpan ColdTotal, TimeSpan OneLineApiRebuild)
{
    static readonly Dictionary<string, double> SizeGoalsMb = new() { ["api"] = 140, ["web"] = 95, ["proxy"] = 95 };

    public string Render()
    {
        var text = new StringBuilder();
        text.AppendLine($"{"Image",-12}{"Size",11}{"Goal",9}{"Cold build",12}");
        foreach (var image in ColdBuilds)
        {
            var goal = SizeGoalsMb.TryGetValue(image.Definition.Name, out var limit)
                ? $"{(image.SizeBytes / 1e6 <= limit ? "<=" : ">")}{limit:0}"
                : "-";
            text.AppendLine(CultureInfo.InvariantCulture, $"{image.Definition.Name,-12}{image.SizeBytes / 1e6,8:0.0} MB{goal,9}{image.Duration.TotalSeconds,10:0.0} s");
        }
        text.AppendLine(CultureInfo.InvariantCulture, $"Cold build of all images: {ColdTotal.TotalSeconds:0.0} s");
        text.Append(CultureInfo.InvariantCulture, $"Rebuild of api after a one-line change: {OneLineApiRebuild.TotalSeconds:0.0} s (goal <= 10 s: {(OneLineApiRebuild <= TimeSpan.FromSeconds(10) ? "met" : "NOT met")})");
        return text.ToString();
    }
}
