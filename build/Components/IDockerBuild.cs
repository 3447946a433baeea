using BuildEngine;
using Delivery.Docker;
using Delivery.Images;
using Serilog;

interface IDockerBuild : IEnsureDockerPlugins, IHazGitVersion
{
    IReadOnlyList<ImageDefinition> Images => ImageDefinition.Discover(RootDirectory);

    ImageVersion ImageVersion => new(GitVersion.SemVer, GitVersion.ShortSha, GitVersion.Sha is { Length: > 0 } sha ? sha : "unknown",
        GitCommit.Source(RootDirectory), GitCommit.Time(RootDirectory));

    Target DockerBuild => _ => _
        .Description("Builds every image under src/images and src/services through the Engine API, tagged with the version and commit")
        .DependsOn(BootstrapImages, EnsureDockerPlugins)
        .Executes(async () =>
        {
            using var client = DockerClients.Create();
            var builder = new ImageBuilder(client);
            var built = new List<BuiltImage>();
            foreach (var image in Images)
                built.Add(await builder.BuildAsync(image, ImageVersion, BuildCertificates.ContextFiles()));
            Log.Information("Images:{NewLine}{Table}", Environment.NewLine, ImageSizeTable.Render(built));
            ReportSummary(_ => _.AddPair("Images", built.Count).AddPair("Total", $"{built.Sum(i => i.SizeBytes) / 1e6:0} MB"));
        });
}
