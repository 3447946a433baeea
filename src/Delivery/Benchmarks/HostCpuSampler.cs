using System.Collections.Concurrent;
using Serilog;

namespace Delivery.Benchmarks;

/// <summary>
/// Samples <see cref="HostCpuCounters"/> every second while the benchmark runs, so each second of its timeline shows
/// where the host's two cores went. Only files are read each second; the container names are asked of the engine in
/// the background when an id appears that has none yet (a few times per deploy), so a busy engine never delays a
/// sample, and a new container is "other" until its name arrives. Best effort: a host without these files gives no
/// samples, never a failed benchmark.
/// </summary>
public sealed class HostCpuSampler : IAsyncDisposable
{
    readonly HostCpuSources _sources;
    readonly TimeProvider _clock;
    readonly Func<CancellationToken, Task<IReadOnlyDictionary<string, string>>> _containerNames;
    readonly CancellationTokenSource _stop = new();
    readonly List<HostCpuSecond> _seconds = [];
    readonly ConcurrentDictionary<string, string> _names = new(StringComparer.Ordinal);
    readonly Task _loop;
    Task _naming = Task.CompletedTask;

    /// <param name="containerNames">Full container id to the name the timeline shows (for example <c>api-blue</c>).</param>
    /// <param name="clock">The times of the samples: the benchmark's one clock, so the rows line up with the load.</param>
    public HostCpuSampler(HostCpuSources sources, Func<CancellationToken, Task<IReadOnlyDictionary<string, string>>> containerNames,
        TimeProvider? clock = null, TimeSpan? interval = null)
    {
        _sources = sources;
        _clock = clock ?? TimeProvider.System;
        _containerNames = containerNames;
        HostCpuCounters first;
        try
        {
            // The first snapshot is taken here, so the first row starts when the sampler does.
            first = HostCpuCounters.Read(sources, _clock.GetUtcNow());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            Log.Warning("No host CPU columns in the timeline: {Reason}", e.Message);
            _loop = Task.CompletedTask;
            return;
        }
        _loop = Task.Run(() => LoopAsync(first, interval ?? TimeSpan.FromSeconds(1)));
    }

    public IReadOnlyList<HostCpuSecond> Seconds
    {
        get
        {
            lock (_seconds)
                return _seconds.ToList();
        }
    }

    async Task LoopAsync(HostCpuCounters previous, TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                HostCpuCounters current;
                try
                {
                    current = HostCpuCounters.Read(_sources, _clock.GetUtcNow());
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
                {
                    // One unreadable moment (a file rewritten under the read) loses one row, not the rest of the run.
                    continue;
                }
                if (_naming.IsCompleted && current.Containers.Keys.Any(id => !_names.ContainsKey(id)))
                    _naming = LearnNamesAsync(current.Containers.Keys.ToList());
                var second = HostCpuSecond.Between(previous, current, _names);
                lock (_seconds)
                    _seconds.Add(second);
                previous = current;
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // The columns are an aid to reading the run; losing them must not fail it.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.Warning("Host CPU sampling stopped: {Reason}", e.Message);
        }
    }

    async Task LearnNamesAsync(IReadOnlyList<string> ids)
    {
        IReadOnlyDictionary<string, string> known;
        try
        {
            known = await _containerNames(_stop.Token);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            return;
        }
#pragma warning disable CA1031 // Names are a label; without them the CPU still shows, as "other".
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.Warning("The engine did not name the containers; their CPU is shown as \"other\": {Reason}", e.Message);
            known = new Dictionary<string, string>();
        }
        foreach (var id in ids)
            // An id the engine does not name (another project's container) is remembered as "other", and not asked again.
            _names[id] = known.GetValueOrDefault(id, "other");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        await _naming;
        _stop.Dispose();
    }
}
