using BuildEngine.IO;
using Delivery.Execution;

namespace Delivery.Images;

/// <summary>The one base every image derives from, and where an offline build assembles it.</summary>
public sealed record BaseImageSettings(AbsolutePath WorkDirectory, AbsolutePath TrimScript, DebianMirror Mirror)
{
    public const string Tag = "debian:trixie-slim";
    public const string Suite = "trixie";
    public AbsolutePath RootFilesystem => WorkDirectory / "rootfs-trixie";
}

/// <summary>
/// Builds <c>debian:trixie-slim</c> without a registry: debootstrap's minimal variant from the host's mirror, brought up
/// to date with the -updates and -security suites (debootstrap takes the main archive only), trimmed like the official
/// slim image, imported into the engine. Used only when the image is neither present nor pullable.
/// </summary>
public static class BaseImagePlanner
{
    public static Plan Debootstrap(BaseImageSettings settings, bool hasDebootstrap)
    {
        var rootfs = settings.RootFilesystem;
        var steps = new List<Step>();
        if (!hasDebootstrap)
        {
            steps.Add(Step.Run("Refresh the package lists", "apt-get", "update", "-qq"));
            steps.Add(Step.Run("Install debootstrap", "env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y", "-qq", "--no-install-recommends", "debootstrap"));
        }
        steps.Add(Step.Run("Remove a partial root filesystem from an earlier attempt", "rm", "-rf", rootfs));
        steps.Add(new Step($"debootstrap --variant=minbase {BaseImageSettings.Suite} from {settings.Mirror.Archive}",
            ["debootstrap", "--variant=minbase", BaseImageSettings.Suite, rootfs, settings.Mirror.Archive], Timeout: TimeSpan.FromMinutes(15)));
        steps.Add(Step.Run("Apply the -updates and -security suites and trim it like the official slim image", "bash", settings.TrimScript, rootfs, BaseImageSettings.Suite, settings.Mirror.Archive, settings.Mirror.Security));
        steps.Add(Step.Run($"Import it as {BaseImageSettings.Tag}",
            "bash", "-c", "tar -C \"$1\" -c . | docker import --change 'CMD [\"bash\"]' - \"$2\"", "import", rootfs, BaseImageSettings.Tag));
        steps.Add(Step.Run("Remove the root filesystem", "rm", "-rf", rootfs));
        return new Plan($"Bootstrap {BaseImageSettings.Tag} offline", steps);
    }
}
