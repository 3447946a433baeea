using System.Text.Json;
using BuildEngine.IO;
using BuildEngine.Tooling;
using Delivery.Execution;
using Serilog;

namespace Delivery.Images;

/// <summary>Where the base image came from and what it is, recorded for the images built on it.</summary>
public sealed record BaseImageRecord(string Image, string Id, string Source, long SizeBytes);

/// <summary>
/// Makes sure <c>debian:trixie-slim</c> exists: already present, else pulled, else bootstrapped offline.
/// One code path for connected and air-gapped hosts; safe to run again.
/// </summary>
public sealed class BaseImageBootstrapper(BaseImageSettings settings, IStepRunner runner)
{
    /// <param name="refresh">
    /// Pull or bootstrap again even when the image is present, to take Debian's security updates since (what Scan's
    /// debian-security findings ask for). The tag moves only when the new image exists, so a failure keeps the old one.
    /// </param>
    public BaseImageRecord Ensure(bool refresh = false)
    {
        if (!refresh && Inspect() is { } present)
            return present with { Source = "present" };

        Log.Information("Pulling {Image} ...", BaseImageSettings.Tag);
        var pull = ProcessTasks.Probe("docker", ["pull", BaseImageSettings.Tag], TimeSpan.FromMinutes(5));
        if (pull.ExitCode == 0 && Inspect() is { } pulled)
            return pulled with { Source = "pulled" };

        Log.Warning("{Image} cannot be pulled ({Reason}); bootstrapping it from the Debian mirror {Mirror}",
            BaseImageSettings.Tag, pull.Output.LastOrDefault()?.Text ?? "no output", settings.Mirror.Archive);
        runner.Run(BaseImagePlanner.Debootstrap(settings, File.Exists("/usr/sbin/debootstrap")));
        return (Inspect() ?? throw new InvalidOperationException($"{BaseImageSettings.Tag} is still missing after the bootstrap; see the steps above."))
            with { Source = "debootstrap" };
    }

    public static void Record(BaseImageRecord record, AbsolutePath file) =>
        file.WriteAllText(JsonSerializer.Serialize(record, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));

    static BaseImageRecord? Inspect()
    {
        var result = ProcessTasks.Probe("docker", ["image", "inspect", "--format", "{{.Id}} {{.Size}}", BaseImageSettings.Tag], TimeSpan.FromSeconds(30));
        if (result.ExitCode != 0)
            return null;
        var parts = result.StandardOutput.Trim().Split(' ');
        return new BaseImageRecord(BaseImageSettings.Tag, parts[0], "", long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
    }

}
