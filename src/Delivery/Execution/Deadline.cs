using System.Diagnostics;

namespace Delivery.Execution;

/// <summary>
/// The end of a wait, on the monotonic clock. A wait measured with the wall clock is as long as the clock's steps
/// allow: this host's clock once jumped 14 s forward, which would cut a bake (the watch that rolls back a bad release)
/// short by 14 s, or fail a health gate that had waited a quarter of its time. Absolute times (a lock's lease, an
/// audit record) stay on the wall clock, since other processes and machines read them.
/// </summary>
public readonly record struct Deadline(long Timestamp)
{
    public static Deadline After(TimeSpan length) => new(Stopwatch.GetTimestamp() + (long)(length.TotalSeconds * Stopwatch.Frequency));

    public bool Passed => Stopwatch.GetTimestamp() > Timestamp;
}
