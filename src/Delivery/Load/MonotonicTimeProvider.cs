using System.Diagnostics;

namespace Delivery.Load;

/// <summary>
/// The wall clock read once, then advanced by the monotonic clock. A benchmark that compares its own times (a request's
/// planned start, an audit record, a WebSocket close, a CPU sample) must read them all from one clock: a host clock
/// that is stepped mid-run (time sync, a resumed VM) would otherwise move every later record away from the load by the
/// step. One was seen here: 14 s, which put the switch windows of every later deploy 14 s away from their switches.
/// </summary>
public sealed class MonotonicTimeProvider : TimeProvider
{
    readonly DateTimeOffset _origin = System.GetUtcNow();
    readonly long _start = Stopwatch.GetTimestamp();

    public override DateTimeOffset GetUtcNow() => _origin + Stopwatch.GetElapsedTime(_start);

    /// <summary>How far the host's wall clock has moved from this clock since it started (0 when nobody stepped it).</summary>
    public TimeSpan WallClockStep => System.GetUtcNow() - GetUtcNow();
}
