using System.Globalization;

namespace Delivery.Benchmarks;

/// <summary>Wall-clock samples of one command line.</summary>
public sealed record CommandTiming(string Label, string CommandLine, IReadOnlyList<TimeSpan> Samples)
{
    public TimeSpan Median
    {
        get
        {
            if (Samples.Count == 0)
                throw new InvalidOperationException($"'{Label}' has no samples.");
            var sorted = Samples.Order().ToList();
            var middle = sorted.Count / 2;
            return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        }
    }

    public TimeSpan Minimum => Samples.Min();
    public TimeSpan Maximum => Samples.Max();

    public static string Milliseconds(TimeSpan value) => value.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";
}
