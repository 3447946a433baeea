using BuildEngine;
using BuildEngine.IO;
using Delivery.Execution;
using Delivery.Images;
using Serilog;

interface IBootstrapImages : IEnsureDocker, IHazArtifacts
{
    AbsolutePath ImagesSourceDirectory => RootDirectory / "src" / "images";

    [Parameter("Rebuild the base image even when it is present, to take Debian's security updates (Scan reports them as debian-security)")]
    bool RefreshBase => TryGetValue<bool>(() => RefreshBase) ?? false;

    Target BootstrapImages => _ => _
        .Description("Makes sure the base image debian:trixie-slim exists: present, pulled, or built offline with debootstrap")
        .DependsOn(EnsureDocker)
        .Produces("artifacts/base-image.json")
        .Executes(() =>
        {
            var settings = new BaseImageSettings(TemporaryDirectory / "base-image", ImagesSourceDirectory / "base" / "trim-rootfs.sh", DebianMirror.FromHost());
            var record = new BaseImageBootstrapper(settings, new ProcessStepRunner()).Ensure(RefreshBase);
            BaseImageBootstrapper.Record(record, ArtifactsDirectory / "base-image.json");
            Log.Information("{Image} {Id} ({Source}, {Size:0.0} MB)", record.Image, record.Id, record.Source, record.SizeBytes / 1e6);
            ReportSummary(_ => _.AddPair("Source", record.Source).AddPair("Size", $"{record.SizeBytes / 1e6:0.0} MB"));
        });
}
