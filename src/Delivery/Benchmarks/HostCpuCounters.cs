using System.Globalization;

namespace Delivery.Benchmarks;

/// <summary>Where the CPU counters are read: the host's /proc and cgroup file system (a directory tree in tests).</summary>
public sealed record HostCpuSources(string ProcRoot = "/proc", string CgroupRoot = "/sys/fs/cgroup")
{
    /// <summary>Linux reports /proc/stat and /proc/&lt;pid&gt;/stat in USER_HZ, which is 100 on every Linux ABI .NET runs on.</summary>
    public const double TicksPerSecond = 100;
}

/// <summary>
/// The cumulative CPU counters at one moment: the host's busy and stolen time (/proc/stat), the time some task waited
/// for a CPU (/proc/pressure/cpu, when the kernel has PSI), this process's own time, and each Docker container's usage
/// from its cgroup (v1 cpuacct, or v2 with either cgroup driver) and the time its CPU limit (`cpus:`) held it back.
/// Two snapshots make a <see cref="HostCpuSecond"/>.
/// </summary>
public sealed record HostCpuCounters(
    DateTimeOffset Time,
    long BusyTicks,
    long StealTicks,
    long? PressureMicroseconds,
    long OwnTicks,
    IReadOnlyDictionary<string, TimeSpan> Containers)
{
    /// <summary>Per container id, the time CFS throttled it so far: a container at its quota stops until the next 100 ms period.</summary>
    public IReadOnlyDictionary<string, TimeSpan> Throttled { get; init; } = new Dictionary<string, TimeSpan>();

    /// <summary>/proc/pressure/io's "some" total: microseconds in which at least one task waited for I/O (a commit's fsync, say).</summary>
    public long? IoPressureMicroseconds { get; init; }

    public static HostCpuCounters Read(HostCpuSources sources, DateTimeOffset time)
    {
        var (busy, steal) = ParseProcStat(File.ReadAllText(Path.Combine(sources.ProcRoot, "stat")));
        var pressure = Path.Combine(sources.ProcRoot, "pressure", "cpu");
        var ioPressure = Path.Combine(sources.ProcRoot, "pressure", "io");
        return new HostCpuCounters(time, busy, steal,
            File.Exists(pressure) ? ParsePressure(File.ReadAllText(pressure)) : null,
            ParseOwnTicks(File.ReadAllText(Path.Combine(sources.ProcRoot, "self", "stat"))),
            ReadContainers(sources.CgroupRoot))
        {
            Throttled = ReadThrottled(sources.CgroupRoot),
            IoPressureMicroseconds = File.Exists(ioPressure) ? ParsePressure(File.ReadAllText(ioPressure)) : null,
        };
    }

    /// <summary>The aggregate "cpu " line: busy is user + nice + system + irq + softirq; iowait and idle are idle; steal is apart.</summary>
    public static (long Busy, long Steal) ParseProcStat(string text)
    {
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith("cpu ", StringComparison.Ordinal))
            ?? throw new FormatException("/proc/stat has no aggregate \"cpu \" line.");
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        if (fields.Length < 8)
            throw new FormatException($"/proc/stat's cpu line has {fields.Length} counters, not at least 8: {line}");
        return (fields[0] + fields[1] + fields[2] + fields[5] + fields[6], fields[7]);
    }

    /// <summary>The "some" line's total of /proc/pressure/cpu or io: microseconds in which at least one task waited for it.</summary>
    public static long ParsePressure(string text)
    {
        var some = text.Split('\n').FirstOrDefault(l => l.StartsWith("some ", StringComparison.Ordinal))
            ?? throw new FormatException("/proc/pressure has no \"some\" line.");
        var total = some.Split(' ').FirstOrDefault(f => f.StartsWith("total=", StringComparison.Ordinal))
            ?? throw new FormatException($"/proc/pressure's some line has no total: {some}");
        return long.Parse(total["total=".Length..], CultureInfo.InvariantCulture);
    }

    /// <summary>utime + stime of /proc/self/stat; the fields are counted after the command's closing parenthesis, which may itself hold spaces.</summary>
    public static long ParseOwnTicks(string text)
    {
        var fields = text[(text.LastIndexOf(')') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // Field 3 (state) is fields[0], so utime (14) and stime (15) are fields[11] and fields[12].
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    /// <summary>Each running container's CPU so far, by full id; an unreadable or vanished cgroup is left out.</summary>
    public static IReadOnlyDictionary<string, TimeSpan> ReadContainers(string cgroupRoot)
    {
        // cgroup v1 (cpuacct.usage in nanoseconds), v2 with the cgroupfs driver, v2 with the systemd driver (usage_usec).
        var usage = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        Collect(usage, Path.Combine(cgroupRoot, "cpuacct", "docker"), "", "cpuacct.usage", text => TimeSpan.FromTicks(long.Parse(text.Trim(), CultureInfo.InvariantCulture) / 100));
        Collect(usage, Path.Combine(cgroupRoot, "docker"), "", "cpu.stat", text => Field(text, "usage_usec", TimeSpan.FromMicroseconds));
        Collect(usage, Path.Combine(cgroupRoot, "system.slice"), "docker-", "cpu.stat", text => Field(text, "usage_usec", TimeSpan.FromMicroseconds));
        return usage;
    }

    /// <summary>Each running container's throttled time so far, by full id (cgroup v1 throttled_time in ns, v2 throttled_usec).</summary>
    public static IReadOnlyDictionary<string, TimeSpan> ReadThrottled(string cgroupRoot)
    {
        var throttled = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        Collect(throttled, Path.Combine(cgroupRoot, "cpu", "docker"), "", "cpu.stat", text => Field(text, "throttled_time", ns => TimeSpan.FromTicks(ns / 100)));
        Collect(throttled, Path.Combine(cgroupRoot, "docker"), "", "cpu.stat", text => Field(text, "throttled_usec", TimeSpan.FromMicroseconds));
        Collect(throttled, Path.Combine(cgroupRoot, "system.slice"), "docker-", "cpu.stat", text => Field(text, "throttled_usec", TimeSpan.FromMicroseconds));
        return throttled;
    }

    static void Collect(Dictionary<string, TimeSpan> into, string parent, string prefix, string file, Func<string, TimeSpan> parse)
    {
        if (!Directory.Exists(parent))
            return;
        foreach (var directory in Directory.EnumerateDirectories(parent, prefix + "*"))
        {
            var id = Path.GetFileName(directory)[prefix.Length..].Replace(".scope", "", StringComparison.Ordinal);
            if (id.Length != 64 || !id.All(char.IsAsciiHexDigitLower) || into.ContainsKey(id))
                continue;
            try
            {
                into[id] = parse(File.ReadAllText(Path.Combine(directory, file)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The container stopped between the listing and the read.
            }
        }
    }

    static TimeSpan Field(string cpuStat, string name, Func<long, TimeSpan> unit)
    {
        var line = cpuStat.Split('\n').FirstOrDefault(l => l.StartsWith(name + " ", StringComparison.Ordinal))
            ?? throw new FormatException($"cpu.stat has no {name} line.");
        return unit(long.Parse(line[(name.Length + 1)..], CultureInfo.InvariantCulture));
    }
}
