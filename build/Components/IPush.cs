using BuildEngine;
using Delivery.Docker;
using Delivery.Images;
using Delivery.Registry;
using Serilog;

interface IPush : IScan, IHazRegistry
{
    Target Push => _ => _
        .Description("Pushes every image to the registry and records them by digest in artifacts/images.json")
        // DockerBuild by name too: a run that skips Scan still pushes images it built.
        .DependsOn(DockerBuild, Scan)
        .Requires(() => UsesEmbeddedRegistry || RegistryPassword != null)
        .Produces("artifacts/images.json")
        .Executes(async () =>
        {
            using var client = DockerClients.Create();
            var credentials = RegistryCredentials;
            if (UsesEmbeddedRegistry)
            {
                var registryImage = ImageVersion.Tags(Images.Single(i => i.Name == "registry"))[0];
                await new EmbeddedRegistry(client, new EmbeddedRegistrySettings(registryImage, TemporaryDirectory / "registry" / "htpasswd")).EnsureRunningAsync();
            }
            var pusher = new RegistryPusher(client, Registry, credentials);
            var pushed = new List<PushedImage>();
            foreach (var image in Images)
            {
                var local = ImageVersion.Tags(image)[0];
                var byVersion = await pusher.PushAsync(image.Name, local, ImageVersion.SemVer);
                await pusher.PushAsync(image.Name, local, $"sha-{ImageVersion.ShortSha}");
                pushed.Add(byVersion);
            }
            var manifest = new ImagesManifest(ImageVersion.SemVer, ImageVersion.Revision, pushed);
            manifest.Write(ArtifactsDirectory / "images.json");
            foreach (var image in pushed)
                Log.Information("{Reference}", image.Reference);
            ReportSummary(_ => _.AddPair("Images", pushed.Count).AddPair("Registry", Registry));
        });
}
