using System.Globalization;

namespace Delivery.Load;

/// <summary>p50/p95/p99/max of a set of latencies, by the nearest-rank method.</summary>
/// <remarks>
/// Nearest rank (the value at position ⌈p·n⌉ of the sorted samples) always reports a latency that was observed, never an
/// interpolation between two, and rounds towards the slower sample: with few samples a p99 is close to the maximum, as it should be.
/// </remarks>
public sealed record LatencySummary(int Count, TimeSpan P50, TimeSpan P95, TimeSpan P99, TimeSpan Max)
{
    public static readonly LatencySummary Empty = new(0, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);

    public static LatencySummary Of(IEnumerable<TimeSpan> latencies)
    {
        var sorted = latencies.Order().ToArray();
        if (sorted.Length == 0)
            return Empty;
        return new(sorted.Length, Percentile(sorted, 50), Percentile(sorted, 95), Percentile(sorted, 99), sorted[^1]);
    }

    /// <summary>The nearest-rank percentile of samples sorted in ascending order.</summary>
    public static TimeSpan Percentile(IReadOnlyList<TimeSpan> sorted, double percentile)
    {
        if (sorted.Count == 0)
            throw new ArgumentException("Percentile of no samples.", nameof(sorted));
        if (percentile is <= 0 or > 100)
            throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "A percentile is in (0, 100].");
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }

    public static string Milliseconds(TimeSpan value) =>
        value.TotalMilliseconds.ToString(value < TimeSpan.FromMilliseconds(100) ? "0.0" : "0", CultureInfo.InvariantCulture) + " ms";
}
