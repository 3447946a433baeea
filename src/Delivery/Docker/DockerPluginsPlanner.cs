using BuildEngine.IO;
using Delivery.Execution;
using Delivery.Images;

namespace Delivery.Docker;

/// <summary>Where the Docker CLI plugins go: the user's plugin folder, which needs no root.</summary>
public sealed record DockerPluginSettings(AbsolutePath PluginDirectory, AbsolutePath WorkDirectory)
{
    public static AbsolutePath DefaultPluginDirectory =>
        AbsolutePath.Create(Environment.GetEnvironmentVariable("DOCKER_CONFIG") is { Length: > 0 } config
            ? config
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker")) / "cli-plugins";
}

/// <summary>
/// Adds the Compose v2 and buildx CLI plugins when the host's docker CLI lacks them, from Debian 13's packages: they are
/// downloaded inside the base image (any host, no registry) and only their plugin binaries are unpacked, never installed
/// as packages (trixie's docker.io would replace the host's engine).
/// </summary>
public static class DockerPluginsPlanner
{
    static readonly (string Plugin, string Package)[] Plugins = [("docker-compose", "docker-compose"), ("docker-buildx", "docker-buildx")];

    public static Plan Plan(IReadOnlyCollection<string> missingPlugins, DockerPluginSettings settings)
    {
        var needed = Plugins.Where(p => missingPlugins.Contains(p.Plugin)).ToList();
        if (needed.Count == 0)
            return Execution.Plan.Empty("Docker CLI plugins (compose, buildx)");
        var work = settings.WorkDirectory;
        var steps = new List<Step>
        {
            Step.Run("Clear the download folder", "rm", "-rf", work),
            Step.Run("Create the download folder", "mkdir", "-p", work / "debs", work / "unpacked", settings.PluginDirectory),
            Step.Run($"Download {string.Join(", ", needed.Select(p => p.Package))} from Debian 13 inside {BaseImageSettings.Tag}",
                ["docker", "run", "--rm", "-v", $"{work / "debs"}:/out", BaseImageSettings.Tag, "sh", "-c",
                 "apt-get update -qq && cd /out && apt-get download " + string.Join(' ', needed.Select(p => p.Package))]),
            Step.Run("Unpack the packages (no installation)", "sh", "-c", "for deb in \"$1\"/*.deb; do dpkg-deb -x \"$deb\" \"$2\"; done", "unpack", work / "debs", work / "unpacked"),
        };
        steps.AddRange(needed.Select(p => Step.Run($"Install the {p.Plugin} plugin",
            "install", "-m", "0755", work / "unpacked" / "usr" / "libexec" / "docker" / "cli-plugins" / p.Plugin, settings.PluginDirectory / p.Plugin)));
        steps.Add(Step.Run("Remove the download folder", "rm", "-rf", work));
        return new Plan("Add the Docker CLI plugins", steps);
    }
}
