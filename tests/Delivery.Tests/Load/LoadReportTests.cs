using Delivery.Load;

namespace Delivery.Tests.Load;

public sealed class LoadReportTests
{
    static readonly DateTimeOffset Start = new(2026, 4, 1, 10, 0, 0, TimeSpan.Zero);

    static TimeSpan Ms(double value) => TimeSpan.FromMilliseconds(value);

    static RequestSample Sample(double plannedSeconds, string kind, int? status, double latencyMs = 10, TransportError? error = null) =>
        new((long)(plannedSeconds * 1000), kind, Start + TimeSpan.FromSeconds(plannedSeconds), TimeSpan.Zero, Ms(latencyMs), status, error);

    [Fact]
    public void Percentiles_use_the_nearest_rank_of_the_sorted_samples()
    {
        var hundred = LatencySummary.Of(Enumerable.Range(1, 100).Reverse().Select(i => Ms(i)));
        var four = LatencySummary.Of([Ms(40), Ms(10), Ms(30), Ms(20)]);
        var one = LatencySummary.Of([Ms(5)]);

        Assert.Equal(new LatencySummary(100, Ms(50), Ms(95), Ms(99), Ms(100)), hundred);
        Assert.Equal(new LatencySummary(4, Ms(20), Ms(40), Ms(40), Ms(40)), four);
        Assert.Equal(new LatencySummary(1, Ms(5), Ms(5), Ms(5), Ms(5)), one);
        Assert.Equal(LatencySummary.Empty, LatencySummary.Of([]));
        Assert.Equal(Ms(1), LatencySummary.Percentile([Ms(1), Ms(2)], 0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => LatencySummary.Percentile([Ms(1)], 0));
    }

    [Fact]
    public void A_window_and_the_timeline_locate_the_failures_of_a_switch()
    {
        var report = new LoadReport(Start, 2, TimeSpan.FromSeconds(3),
        [
            Sample(0.1, "schedule", 200),
            Sample(0.5, "write", 201) with { WriteName = "w1" },
            Sample(1.2, "schedule", 502, latencyMs: 30),
            Sample(1.7, "write", null, latencyMs: 400, TransportError.Reset) with { WriteName = "w2", MayHaveBeenSent = true },
            Sample(2.3, "schedule", 200, latencyMs: 900),
        ]);

        var window = report.Between(Start + TimeSpan.FromSeconds(1), Start + TimeSpan.FromSeconds(2));

        Assert.Equal(2, window.Planned);
        Assert.Equal("502 × 1, reset × 1", window.FailureSummary);
        Assert.Equal("502 × 1 (schedule 1), reset × 1 (write 1)", window.FailureSummaryByKind);
        Assert.Equal(new LatencySummary(1, Ms(30), Ms(30), Ms(30), Ms(30)), window.Latency());
        Assert.Equal(["w2"], window.AmbiguousWrites);
        Assert.Equal(["w1"], report.AcknowledgedWrites);
        Assert.Equal(
        [
            new LoadSecond(Start, 2, 2, 0, Ms(10), Ms(10), Ms(10)),
            new LoadSecond(Start + TimeSpan.FromSeconds(1), 2, 0, 2, Ms(30), Ms(30), Ms(30)),
            new LoadSecond(Start + TimeSpan.FromSeconds(2), 1, 1, 0, Ms(900), Ms(900), Ms(900)),
        ], report.Timeline());
        Assert.Equal(Ms(900), report.Latency("schedule").Max);
        Assert.Equal(Ms(10), report.Latency("write").Max);
    }

    [Theory]
    [InlineData(201, null, false, WriteOutcome.Acknowledged)]
    [InlineData(503, null, false, WriteOutcome.Ambiguous)]
    [InlineData(422, null, false, WriteOutcome.Rejected)]
    [InlineData(null, TransportError.Reset, true, WriteOutcome.Ambiguous)]
    [InlineData(null, TransportError.Timeout, true, WriteOutcome.Ambiguous)]
    [InlineData(null, TransportError.Refused, false, WriteOutcome.Rejected)]
    [InlineData(null, TransportError.ClientSaturated, false, WriteOutcome.Rejected)]
    public void A_write_is_ambiguous_only_when_it_may_have_reached_the_server_without_an_answer(int? status, TransportError? error, bool maySent, WriteOutcome expected)
    {
        var sample = Sample(0, "write", status, error: error) with { WriteName = "w", MayHaveBeenSent = maySent };

        Assert.Equal(expected, sample.Write);
    }

    [Fact]
    public void Render_prints_an_aligned_row_per_kind_and_a_dash_where_there_is_no_latency()
    {
        var report = new LoadReport(Start, 200, TimeSpan.FromSeconds(60),
        [
            Sample(0.1, "schedule", 200, latencyMs: 12),
            Sample(0.2, "version", 200, latencyMs: 3),
            Sample(0.3, "write", null, latencyMs: 0, TransportError.Refused) with { WriteName = "w" },
        ]) { PeakInFlight = 3 };

        var lines = report.Render().Split('\n');

        Assert.Equal("Kind       Requests      OK  Failed        p50        p95        p99        max", lines[0]);
        Assert.All(lines[2..6], line => Assert.Equal(lines[0].Length, line.TrimEnd('\r').Length));
        Assert.Equal("schedule          1       1       0    12.0 ms    12.0 ms    12.0 ms    12.0 ms", lines[2]);
        Assert.Equal("write             1       0       1          -          -          -          -", lines[4]);
        Assert.Equal("all               3       2       1     3.0 ms    12.0 ms    12.0 ms    12.0 ms", lines[5]);
        Assert.Equal("Outcomes: 200 × 2, refused × 1", lines[6]);
        Assert.Equal("Writes: 0 acknowledged, 0 ambiguous, 1 rejected", lines[7]);
        Assert.Equal("Open loop at 200 req/s over 60.0 s; max send lag 0.0 ms; peak in flight 3", lines[8]);
    }
}
