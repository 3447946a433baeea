using System.Globalization;
using System.Text;

namespace Delivery.Load;

/// <summary>
/// One second of the run, by planned start: where a switch shows up as failures or a latency spike. A p50 near the p99
/// means every request waited (a stall); a low p50 under a high p99 means only some did.
/// </summary>
public sealed record LoadSecond(DateTimeOffset Start, int Planned, int Succeeded, int Failed, TimeSpan P50, TimeSpan P99, TimeSpan Max);

/// <summary>
/// Every planned request of a run, with counts per outcome, latency percentiles per kind and a per-second timeline.
/// Latency percentiles cover requests that got an HTTP response (any status); failures are counted, never averaged in.
/// </summary>
public sealed class LoadReport(DateTimeOffset startedAt, double ratePerSecond, TimeSpan elapsed, IReadOnlyList<RequestSample> samples)
{
    public DateTimeOffset StartedAt => startedAt;
    public double RatePerSecond => ratePerSecond;
    public TimeSpan Elapsed => elapsed;
    public IReadOnlyList<RequestSample> Samples => samples;

    /// <summary>The most requests in flight at once; near the cap means the generator, not the server, limited the run.</summary>
    public int PeakInFlight { get; init; }

    public int Planned => samples.Count;
    public int Succeeded => samples.Count(s => s.Succeeded);
    public int Failed => Planned - Succeeded;

    /// <summary>The largest delay between a planned start and the actual send: large values mean the generator was starved.</summary>
    public TimeSpan MaxSendLag => samples.Select(s => s.SendLag).DefaultIfEmpty().Max();

    public IReadOnlyList<string> Kinds => samples.Select(s => s.Kind).Distinct().ToList();

    /// <summary>Count per outcome: status codes first, then transport error classes.</summary>
    public IReadOnlyList<KeyValuePair<string, int>> Outcomes =>
        samples.GroupBy(s => s.Outcome)
            .OrderBy(g => g.First().StatusCode is null).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => KeyValuePair.Create(g.Key, g.Count())).ToList();

    /// <summary>Failures only, as "502 × 3, reset × 1"; empty when there are none.</summary>
    public string FailureSummary =>
        string.Join(", ", samples.Where(s => !s.Succeeded).GroupBy(s => s.Outcome).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} × {g.Count()}"));

    /// <summary>Failures with the kinds they hit, as "eof × 3 (write 2, schedule 1)": a write and a read point at different causes.</summary>
    public string FailureSummaryByKind =>
        string.Join(", ", samples.Where(s => !s.Succeeded).GroupBy(s => s.Outcome).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key} × {g.Count()} ({string.Join(", ", g.GroupBy(s => s.Kind).OrderByDescending(k => k.Count()).ThenBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key} {k.Count()}"))})"));

    public int Count(TransportError error) => samples.Count(s => s.Error == error);

    public int CountStatus(int statusCode) => samples.Count(s => s.StatusCode == statusCode);

    public LatencySummary Latency(string? kind = null) =>
        LatencySummary.Of(samples.Where(s => s.StatusCode is not null && (kind is null || s.Kind == kind)).Select(s => s.Latency!.Value));

    /// <summary>Unique names of writes answered 2xx: each must exist exactly once in PostgreSQL.</summary>
    public IReadOnlyList<string> AcknowledgedWrites => WriteNames(WriteOutcome.Acknowledged);

    /// <summary>Unique names of writes whose fate is unknown: report whether each exists.</summary>
    public IReadOnlyList<string> AmbiguousWrites => WriteNames(WriteOutcome.Ambiguous);

    /// <summary>Unique names of writes never sent or refused with a 4xx: none may exist.</summary>
    public IReadOnlyList<string> RejectedWrites => WriteNames(WriteOutcome.Rejected);

    IReadOnlyList<string> WriteNames(WriteOutcome outcome) => samples.Where(s => s.Write == outcome).Select(s => s.WriteName!).ToList();

    /// <summary>The requests planned in [from, to), for example the switch window <c>[switched − 5 s, old_stopped + 5 s]</c>.</summary>
    public LoadReport Between(DateTimeOffset from, DateTimeOffset to)
    {
        if (to < from)
            throw new ArgumentException($"The window ends ({to:O}) before it starts ({from:O}).", nameof(to));
        return new LoadReport(from, ratePerSecond, to - from, samples.Where(s => s.PlannedAt >= from && s.PlannedAt < to).ToList());
    }

    public IReadOnlyList<LoadSecond> Timeline() =>
        samples.GroupBy(s => (long)Math.Floor((s.PlannedAt - startedAt).TotalSeconds)).OrderBy(g => g.Key)
            .Select(g =>
            {
                var latency = LatencySummary.Of(g.Where(s => s.StatusCode is not null).Select(s => s.Latency!.Value));
                var ok = g.Count(s => s.Succeeded);
                return new LoadSecond(startedAt + TimeSpan.FromSeconds(g.Key), g.Count(), ok, g.Count() - ok, latency.P50, latency.P99, latency.Max);
            })
            .ToList();

    public string Render()
    {
        var kinds = Kinds.Order(StringComparer.Ordinal).Select(k => (Label: k, Kind: (string?)k)).Append(("all", null)).ToList();
        var width = Math.Max(kinds.Max(k => k.Label.Length), 4) + 2;
        var text = new StringBuilder();
        var header = $"{"Kind".PadRight(width)}{"Requests",9}{"OK",8}{"Failed",8}{"p50",11}{"p95",11}{"p99",11}{"max",11}";
        text.AppendLine(header).AppendLine(new string('─', header.Length));
        foreach (var (label, kind) in kinds)
        {
            var rows = samples.Where(s => kind is null || s.Kind == kind).ToList();
            var ok = rows.Count(s => s.Succeeded);
            var latency = Latency(kind);
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{label.PadRight(width)}{rows.Count,9}{ok,8}{rows.Count - ok,8}{Cell(latency, latency.P50),11}{Cell(latency, latency.P95),11}{Cell(latency, latency.P99),11}{Cell(latency, latency.Max),11}");
        }
        text.AppendLine("Outcomes: " + string.Join(", ", Outcomes.Select(o => $"{o.Key} × {o.Value}")));
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Writes: {AcknowledgedWrites.Count} acknowledged, {AmbiguousWrites.Count} ambiguous, {RejectedWrites.Count} rejected");
        text.Append(CultureInfo.InvariantCulture,
            $"Open loop at {ratePerSecond:0.#} req/s over {elapsed.TotalSeconds:0.0} s; max send lag {LatencySummary.Milliseconds(MaxSendLag)}; peak in flight {PeakInFlight}");
        return text.ToString();
    }

    public string RenderTimeline()
    {
        var text = new StringBuilder();
        var header = $"{"Second",-14}{"Planned",8}{"OK",8}{"Failed",8}{"p50",11}{"p99",11}{"max",11}";
        text.AppendLine(header).AppendLine(new string('─', header.Length));
        foreach (var second in Timeline())
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{second.Start.UtcDateTime,-14:HH:mm:ss}{second.Planned,8}{second.Succeeded,8}{second.Failed,8}{Ms(second.P50),11}{Ms(second.P99),11}{Ms(second.Max),11}");
        return text.ToString();
    }

    static string Ms(TimeSpan value) => LatencySummary.Milliseconds(value);

    // A kind with no responses has no latency; a "0.0 ms" there would read as fast.
    static string Cell(LatencySummary summary, TimeSpan value) => summary.Count == 0 ? "-" : Ms(value);
}
