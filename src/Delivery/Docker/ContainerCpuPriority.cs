using BuildEngine.Tooling;
using Delivery.Execution;

namespace Delivery.Docker;

/// <summary>How the local engine groups its containers' CPU, and the weight that group has now (null: no group yet).</summary>
public sealed record ContainerCgroupFacts(string Driver, int CgroupVersion, bool IsRoot, int? Weight)
{
    public const string V1WeightFile = "/sys/fs/cgroup/cpu/docker/cpu.shares";
    public const string V2WeightFile = "/sys/fs/cgroup/docker/cpu.weight";

    public string WeightFile => CgroupVersion == 1 ? V1WeightFile : V2WeightFile;

    /// <summary>Asks the engine for its cgroup driver and version, then reads the group's weight; null when the engine does not say.</summary>
    public static ContainerCgroupFacts? Detect(bool isRoot)
    {
        var answer = ProcessTasks.Probe("docker", ["info", "--format", "{{.CgroupDriver}} {{.CgroupVersion}}"], TimeSpan.FromSeconds(20));
        if (answer.ExitCode != 0 || answer.StandardOutput.Trim().Split(' ') is not [var driver, var version] || !int.TryParse(version, out var cgroupVersion))
            return null;
        var facts = new ContainerCgroupFacts(driver, cgroupVersion, isRoot, null);
        return facts with { Weight = File.Exists(facts.WeightFile) && int.TryParse(File.ReadAllText(facts.WeightFile).Trim(), out var weight) ? weight : null };
    }
}

/// <summary>
/// Gives the containers CPU priority over the host's own processes. Under dockerd's cgroupfs driver (a host without
/// systemd, where EnsureDocker starts dockerd itself) every container sits in one group, /docker, whose default weight is
/// that of a single host thread. The deploy engine, the docker CLI it runs and dockerd then took CPU from the api that
/// serves patients: in the deploy benchmark the api's answers slowed to 0.3-1 s while they worked, with the host not even
/// saturated. A weight is not a limit: idle containers leave the host all the CPU it wants. Under systemd's driver
/// each container is a unit of its own, weighed like a whole slice against the login sessions, and is left alone.
/// </summary>
public static class ContainerCpuPriority
{
    /// <summary>The containers together weigh as much as this many busy host threads.</summary>
    public const int HostThreads = 8;

    /// <summary>A host thread's weight (nice 0): cpu.shares in cgroup v1, cpu.weight in v2.</summary>
    public static int ThreadWeight(int cgroupVersion) => cgroupVersion == 1 ? 1024 : 100;

    public static int Target(int cgroupVersion) => HostThreads * ThreadWeight(cgroupVersion);

    public static Plan Plan(ContainerCgroupFacts facts)
    {
        const string title = "Containers' CPU priority over host processes";
        if (facts.Driver != "cgroupfs")
            return Execution.Plan.Empty($"{title}: the {facts.Driver} driver gives each container a unit of its own");
        var target = Target(facts.CgroupVersion);
        if (facts.Weight == target)
            return Execution.Plan.Empty($"{title}: {facts.WeightFile} is {target} ({HostThreads} host threads)");
        if (!facts.IsRoot)
            return Execution.Plan.Empty($"{title}: not root, so {facts.WeightFile} stays {facts.Weight?.ToString() ?? "unset"} (as root: {target})");
        // The group exists once dockerd starts its first container; made early, dockerd uses it as it is. In v2 a group
        // gets a cpu.weight file only while its parent hands it the cpu controller.
        var script = facts.CgroupVersion == 1
            ? "mkdir -p \"$(dirname \"$1\")\" && echo \"$2\" > \"$1\""
            : "mkdir -p \"$(dirname \"$1\")\" && echo +cpu > /sys/fs/cgroup/cgroup.subtree_control && echo \"$2\" > \"$1\"";
        return new Plan(title,
        [
            Step.Run($"Weigh the containers as {HostThreads} host threads (was {facts.Weight?.ToString() ?? "unset"})",
                "sh", "-c", script, "container-cpu-priority", facts.WeightFile, target.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ]);
    }
}
