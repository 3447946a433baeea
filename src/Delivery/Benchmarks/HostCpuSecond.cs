namespace Delivery.Benchmarks;

/// <summary>A container's share of the host in one interval, in cores (1.0 is one core busy the whole interval).</summary>
public sealed record ContainerCpu(string Name, double Cores);

/// <summary>
/// The host's CPU over one interval (about a second), in cores: busy and stolen time, the share of it in which some task
/// waited for a CPU (null without PSI), this process (the benchmark's load generator), and the containers busiest first.
/// What is busy but in none of them (<see cref="Rest"/>) is the engine, docker-proxy, the CLI and the kernel's own work.
/// </summary>
public sealed record HostCpuSecond(DateTimeOffset End, TimeSpan Interval, double Busy, double Steal, double? PressureShare, double Own, IReadOnlyList<ContainerCpu> Containers)
{
    /// <summary>Containers that their CPU limit held back in the interval, most first, with how long.</summary>
    public IReadOnlyList<(string Name, TimeSpan Time)> Throttled { get; init; } = [];

    /// <summary>The share of the interval in which some task waited for I/O (null without PSI).</summary>
    public double? IoPressureShare { get; init; }

    public double Rest => Math.Max(0, Busy - Own - Containers.Sum(c => c.Cores));

    /// <summary>
    /// The difference of two snapshots. A container first seen in <paramref name="current"/> started in the interval, so
    /// all its usage is the interval's, and so is a restarted one's (its cgroup was made anew, its count went down); one
    /// that stopped in the interval is missing (its last usage went with its cgroup).
    /// Containers without a name in <paramref name="names"/> are summed as "other".
    /// </summary>
    public static HostCpuSecond Between(HostCpuCounters previous, HostCpuCounters current, IReadOnlyDictionary<string, string> names)
    {
        var seconds = (current.Time - previous.Time).TotalSeconds;
        if (seconds <= 0)
            throw new ArgumentException($"The second snapshot ({current.Time:O}) is not after the first ({previous.Time:O}).", nameof(current));
        double Cores(long ticks) => ticks / HostCpuSources.TicksPerSecond / seconds;
        var containers = Deltas(current.Containers, previous.Containers, names)
            .Select(c => new ContainerCpu(c.Name, c.Time.TotalSeconds / seconds))
            .OrderByDescending(c => c.Cores).ThenBy(c => c.Name, StringComparer.Ordinal)
            .ToList();
        var throttled = Deltas(current.Throttled, previous.Throttled, names).Where(t => t.Time > TimeSpan.Zero)
            .OrderByDescending(t => t.Time).ThenBy(t => t.Name, StringComparer.Ordinal).ToList();
        double? Share(long? now, long? before) => now is { } n && before is { } b ? (n - b) / 1e6 / seconds : null;
        return new HostCpuSecond(current.Time, current.Time - previous.Time,
            Cores(current.BusyTicks - previous.BusyTicks), Cores(current.StealTicks - previous.StealTicks), Share(current.PressureMicroseconds, previous.PressureMicroseconds),
            Cores(current.OwnTicks - previous.OwnTicks), containers)
        {
            Throttled = throttled,
            IoPressureShare = Share(current.IoPressureMicroseconds, previous.IoPressureMicroseconds),
        };
    }

    static IEnumerable<(string Name, TimeSpan Time)> Deltas(IReadOnlyDictionary<string, TimeSpan> current, IReadOnlyDictionary<string, TimeSpan> previous,
        IReadOnlyDictionary<string, string> names) =>
        current.Select(c => (Name: names.GetValueOrDefault(c.Key, "other"), Time: SinceBefore(c.Value, previous.GetValueOrDefault(c.Key, TimeSpan.Zero))))
            .GroupBy(c => c.Name, StringComparer.Ordinal)
            .Select(g => (g.Key, TimeSpan.FromTicks(g.Sum(c => c.Time.Ticks))));

    static TimeSpan SinceBefore(TimeSpan now, TimeSpan before) => now >= before ? now - before : now;
}
