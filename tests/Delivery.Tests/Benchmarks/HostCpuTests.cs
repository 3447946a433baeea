using Delivery.Audit;
using Delivery.Benchmarks;
using Delivery.Load;
using Delivery.Tests.Support;

namespace Delivery.Tests.Benchmarks;

public sealed class HostCpuTests : IDisposable
{
    static readonly DateTimeOffset T0 = new(2026, 4, 1, 10, 0, 0, TimeSpan.Zero);
    const string Blue = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    const string Proxy = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    const string Stranger = "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc";

    readonly string _root = Directory.CreateTempSubdirectory("host-cpu-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    string Write(string relative, string text)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Replaced whole, as the kernel's files are read: the sampler never sees one half-written.
        File.WriteAllText(path + ".new", text);
        File.Move(path + ".new", path, overwrite: true);
        return path;
    }

    void WriteProc(long user, long steal, long pressure, long ownTicks)
    {
        Write("proc/stat", $"cpu  {user} 5 50 100000 10 1 2 {steal} 0 0\ncpu0 1 2 3 4 5 6 7 8 0 0\nintr 1\n");
        Write("proc/pressure/cpu", $"some avg10=0.30 avg60=8.66 avg300=21.85 total={pressure}\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n");
        Write("proc/pressure/io", $"some avg10=0.00 avg60=0.00 avg300=0.00 total={pressure / 2}\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n");
        // A command name may hold spaces and parentheses; the fields are counted after the last ')'.
        Write("proc/self/stat", $"4242 (dotnet (x) y) S 1 4242 4242 0 -1 4194560 1 0 0 0 {ownTicks - 7} 7 0 0 20 0 30 0 100 0 0\n");
    }

    [Fact]
    public void Parses_busy_and_stolen_time_pressure_and_the_processs_own_time_as_linux_writes_them()
    {
        Assert.Equal((100 + 5 + 50 + 1 + 2, 3L), HostCpuCounters.ParseProcStat("cpu  100 5 50 9000 10 1 2 3 0 0\ncpu0 1 1 1 1 1 1 1 1 0 0\n"));
        Assert.Equal(13712807523, HostCpuCounters.ParsePressure("some avg10=0.30 avg60=8.66 avg300=21.85 total=13712807523\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n"));
        Assert.Equal(30 + 4, HostCpuCounters.ParseOwnTicks("77 (a) b) c) R 1 77 77 0 -1 0 0 0 0 0 30 4 0 0 20 0 1 0 5 0 0"));
        Assert.Throws<FormatException>(() => HostCpuCounters.ParseProcStat("intr 1\n"));
        Assert.Throws<FormatException>(() => HostCpuCounters.ParsePressure("full avg10=0.00 total=0\n"));
    }

    [Fact]
    public void Reads_each_containers_usage_from_cgroup_v1_and_both_v2_drivers_and_skips_what_is_not_a_container()
    {
        Write($"v1/cpuacct/docker/{Blue}/cpuacct.usage", "2500000000\n");
        Write("v1/cpuacct/docker/not-a-container/cpuacct.usage", "1\n");
        Write($"v2/docker/{Proxy}/cpu.stat", "usage_usec 750000\nuser_usec 500000\nsystem_usec 250000\n");
        Write($"v2/system.slice/docker-{Stranger}.scope/cpu.stat", "usage_usec 1000\n");
        Write("v2/system.slice/cron.service/cpu.stat", "usage_usec 5\n");

        Assert.Equal(new Dictionary<string, TimeSpan> { [Blue] = TimeSpan.FromSeconds(2.5) }, HostCpuCounters.ReadContainers(Path.Combine(_root, "v1")));
        Assert.Equal(new Dictionary<string, TimeSpan> { [Proxy] = TimeSpan.FromSeconds(0.75), [Stranger] = TimeSpan.FromMilliseconds(1) },
            HostCpuCounters.ReadContainers(Path.Combine(_root, "v2")));
        Assert.Empty(HostCpuCounters.ReadContainers(Path.Combine(_root, "none")));
    }

    [Fact]
    public void Reads_how_long_each_containers_cpu_limit_held_it_back_from_cgroup_v1_and_v2()
    {
        Write($"v1/cpu/docker/{Blue}/cpu.stat", "nr_periods 10\nnr_throttled 2\nthrottled_time 40000000\nnr_bursts 0\nburst_time 0\n");
        Write($"v2/docker/{Proxy}/cpu.stat", "usage_usec 750000\nnr_periods 9\nnr_throttled 1\nthrottled_usec 7000\n");

        Assert.Equal(new Dictionary<string, TimeSpan> { [Blue] = TimeSpan.FromMilliseconds(40) }, HostCpuCounters.ReadThrottled(Path.Combine(_root, "v1")));
        Assert.Equal(new Dictionary<string, TimeSpan> { [Proxy] = TimeSpan.FromMilliseconds(7) }, HostCpuCounters.ReadThrottled(Path.Combine(_root, "v2")));
    }

    [Fact]
    public void Two_snapshots_give_cores_per_container_busiest_first_with_a_new_container_counted_whole()
    {
        var before = new HostCpuCounters(T0, 1000, 10, 5_000_000, 300, new Dictionary<string, TimeSpan> { [Blue] = TimeSpan.FromSeconds(10), [Proxy] = TimeSpan.FromSeconds(3) })
        {
            IoPressureMicroseconds = 1_000_000,
            Throttled = new Dictionary<string, TimeSpan> { [Blue] = TimeSpan.FromMilliseconds(5), [Proxy] = TimeSpan.FromMilliseconds(100) },
        };
        var after = new HostCpuCounters(T0 + TimeSpan.FromSeconds(2), 1300, 12, 5_800_000, 340, new Dictionary<string, TimeSpan>
        {
            [Blue] = TimeSpan.FromSeconds(11.2),
            [Proxy] = TimeSpan.FromSeconds(3.4),
            [Stranger] = TimeSpan.FromSeconds(0.1),
        })
        {
            IoPressureMicroseconds = 1_100_000,
            Throttled = new Dictionary<string, TimeSpan> { [Blue] = TimeSpan.FromMilliseconds(5), [Proxy] = TimeSpan.FromMilliseconds(130) },
        };

        var second = HostCpuSecond.Between(before, after, new Dictionary<string, string> { [Blue] = "api-blue", [Proxy] = "proxy" });

        Assert.Equal(1.5, second.Busy, 6);
        Assert.Equal(0.01, second.Steal, 6);
        Assert.Equal(0.4, second.PressureShare!.Value, 6);
        Assert.Equal(0.05, second.IoPressureShare!.Value, 6);
        Assert.Equal(0.2, second.Own, 6);
        Assert.Equal(["api-blue", "proxy", "other"], second.Containers.Select(c => c.Name));
        Assert.Equal([0.6, 0.2, 0.05], second.Containers.Select(c => Math.Round(c.Cores, 6)));
        Assert.Equal(1.5 - 0.2 - 0.85, second.Rest, 6);
        Assert.Equal([("proxy", TimeSpan.FromMilliseconds(30))], second.Throttled);
        Assert.Null(HostCpuSecond.Between(before with { PressureMicroseconds = null }, after, new Dictionary<string, string>()).PressureShare);
        // A restarted container's cgroup counts from 0 again: what it shows now was used in the interval.
        var restarted = after with { Containers = new Dictionary<string, TimeSpan> { [Blue] = TimeSpan.FromSeconds(0.3) } };
        Assert.Equal(0.15, HostCpuSecond.Between(before, restarted, new Dictionary<string, string>()).Containers.Single().Cores, 6);
        Assert.Throws<ArgumentException>(() => HostCpuSecond.Between(after, before, new Dictionary<string, string>()));
    }

    [Fact]
    public async Task The_sampler_reads_the_files_every_interval_and_asks_for_names_only_when_a_new_container_appears()
    {
        var sources = new HostCpuSources(Path.Combine(_root, "proc"), Path.Combine(_root, "cgroup"));
        WriteProc(user: 1000, steal: 0, pressure: 0, ownTicks: 100);
        Write($"cgroup/cpuacct/docker/{Blue}/cpuacct.usage", "0\n");
        var asked = 0;
        var sampler = new HostCpuSampler(sources, _ =>
        {
            Interlocked.Increment(ref asked);
            return Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string> { [Blue] = "api-blue" });
        }, interval: TimeSpan.FromMilliseconds(50));
        try
        {
            WriteProc(user: 1010, steal: 0, pressure: 100, ownTicks: 101);
            Write($"cgroup/cpuacct/docker/{Blue}/cpuacct.usage", "5000000\n");
            // A name arrives in the background: the first rows may still call the container "other".
            for (var i = 0; i < 200 && !(sampler.Seconds.Count >= 3 && sampler.Seconds[^1].Containers.Any(c => c.Name == "api-blue")); i++)
                await Task.Delay(25);
        }
        finally
        {
            await sampler.DisposeAsync();
        }

        var seconds = sampler.Seconds;
        Assert.True(seconds.Count >= 3, $"{seconds.Count} samples in 5 s at a 50 ms interval");
        Assert.Equal(0.1, seconds.Sum(s => s.Busy * s.Interval.TotalSeconds), 6);
        Assert.Equal(0.005, seconds.Sum(s => s.Containers.Sum(c => c.Cores) * s.Interval.TotalSeconds), 6);
        Assert.Equal("api-blue", seconds[^1].Containers.Single().Name);
        Assert.Equal(1, asked);
    }

    [Fact]
    public async Task Samples_are_timed_on_the_clock_the_sampler_is_given()
    {
        WriteProc(user: 1000, steal: 0, pressure: 0, ownTicks: 100);
        var sampler = new HostCpuSampler(new HostCpuSources(Path.Combine(_root, "proc"), Path.Combine(_root, "cgroup")),
            _ => Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>()), new ShiftedClock(TimeSpan.FromHours(-1)), TimeSpan.FromMilliseconds(20));
        for (var i = 0; i < 200 && sampler.Seconds.Count < 2; i++)
            await Task.Delay(25);
        await sampler.DisposeAsync();

        Assert.NotEmpty(sampler.Seconds);
        Assert.All(sampler.Seconds, s => Assert.InRange(s.End, DateTimeOffset.UtcNow.AddHours(-1).AddSeconds(-10), DateTimeOffset.UtcNow.AddHours(-1)));
    }

    [Fact]
    public async Task A_host_without_the_files_gives_no_samples_and_no_failure()
    {
        var sampler = new HostCpuSampler(new HostCpuSources(Path.Combine(_root, "missing"), _root), _ => throw new InvalidOperationException("not asked"), interval: TimeSpan.FromMilliseconds(20));
        await Task.Delay(100);
        await sampler.DisposeAsync();

        Assert.Empty(sampler.Seconds);
    }

    [Fact]
    public void The_timeline_puts_each_seconds_cpu_and_audit_records_beside_its_latency()
    {
        var samples = new[] { 0.2, 0.7, 1.3, 1.8, 2.5 }.Select((at, i) =>
            new RequestSample(i, "schedule", T0 + TimeSpan.FromSeconds(at), TimeSpan.Zero, TimeSpan.FromMilliseconds(at < 1 ? 10 : 400), 200, null)).ToList();
        var load = new LoadReport(T0, 2, TimeSpan.FromSeconds(3), samples);
        IReadOnlyList<HostCpuSecond> cpu =
        [
            new(T0 + TimeSpan.FromSeconds(1.1), TimeSpan.FromSeconds(1), 0.9, 0, 0.12, 0.2, [new ContainerCpu("api-blue", 0.5), new ContainerCpu("proxy", 0.1)])
            {
                IoPressureShare = 0.03,
            },
            new(T0 + TimeSpan.FromSeconds(2.05), TimeSpan.FromSeconds(1), 1.95, 0, 0.87, 0.3,
                [new ContainerCpu("api-green", 1.0), new ContainerCpu("api-blue", 0.3), new ContainerCpu("proxy", 0.2), new ContainerCpu("postgres", 0.1)])
            {
                Throttled = [("proxy", TimeSpan.FromMilliseconds(40))],
            },
        ];
        var attempt = new DeployAttempt(7, DeployRunKind.Rollback, "bench-7", T0, T0 + TimeSpan.FromSeconds(3))
        {
            Events =
            [
                new AuditEvent { DeployId = "d", Time = T0 + TimeSpan.FromSeconds(1.4), Environment = "bench", Action = AuditAction.Phase, Actor = "t", Phase = "switch" },
                new AuditEvent { DeployId = "d", Time = T0 + TimeSpan.FromSeconds(1.6), Environment = "bench", Action = AuditAction.RolledBack, Actor = "t" },
            ],
        };

        var lines = DeployBenchmarkTimeline.Render(load, cpu, [attempt]).Split('\n');

        var first = lines.Single(l => l.StartsWith("10:00:00", StringComparison.Ordinal));
        var spike = lines.Single(l => l.StartsWith("10:00:01", StringComparison.Ordinal));
        var last = lines.Single(l => l.StartsWith("10:00:02", StringComparison.Ordinal));
        Assert.Contains("0.90  0.00   12%   3%  0.20  0.10  api-blue 0.50 proxy 0.10", first);
        Assert.Contains("1.95  0.00   87%    -  0.30  0.05  api-green 1.00 api-blue 0.30 proxy 0.20", spike);
        Assert.DoesNotContain("postgres", spike);
        Assert.EndsWith("throttled: proxy 40 ms; #7 switch; #7 flipped back", spike.TrimEnd());
        Assert.DoesNotContain("throttled", first);
        Assert.Contains("400 ms", spike);
        // No sample ends within half a second of 10:00:03: the row says so instead of borrowing one.
        Assert.Contains("     -     -     -    -     -     -", last);
    }

    [Theory]
    [InlineData("/pazpaz-bench-api-blue-1", "api-blue")]
    [InlineData("/pazpaz-bench-proxy-1", "proxy")]
    [InlineData("/pazpaz-bench-migrate-run-3f2a9c1b", "migrate")]
    [InlineData("/pazpaz-bench-deploylock", "deploylock")]
    [InlineData("/registry", "registry")]
    public void Containers_are_named_by_their_service(string name, string shown) =>
        Assert.Equal(shown, DeployBenchmarkEnvironment.ShortName(name));
}
