using System.Globalization;
using System.Text;

namespace Delivery.Load;

/// <summary>A latency goal such as "p95 &lt; 150 ms on the schedule endpoint" (Smoke).</summary>
public sealed record LatencyBudget(string Name, TimeSpan Budget, double Percentile = 95)
{
    /// <summary>
    /// Passes when the percentile is strictly under the budget and no request failed: a failed request has no latency, so a
    /// run that fails half its requests could otherwise pass on the fast half. No samples is no evidence, and fails.
    /// </summary>
    public LatencyBudgetResult Evaluate(IReadOnlyCollection<TimeSpan> samples, int failed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(failed);
        var observed = samples.Count == 0 ? (TimeSpan?)null : LatencySummary.Percentile(samples.Order().ToList(), Percentile);
        return new LatencyBudgetResult(this, observed, samples.Count, failed);
    }

    /// <summary>Evaluates one request kind of a load report (successful responses; every other outcome counts as failed).</summary>
    public LatencyBudgetResult Evaluate(LoadReport report, string kind)
    {
        var rows = report.Samples.Where(s => s.Kind == kind).ToList();
        return Evaluate(rows.Where(s => s.Succeeded).Select(s => s.Latency!.Value).ToList(), rows.Count(s => !s.Succeeded));
    }

    /// <summary>
    /// The p99 allowed during a switch given the baseline p99: max(2 × baseline, baseline + 150 ms). The doubling alone
    /// would fail a fast app for one slow request; the 150 ms alone would let a slow app triple.
    /// </summary>
    public static TimeSpan SwitchLimit(TimeSpan baselineP99) =>
        TimeSpan.FromTicks(Math.Max(2 * baselineP99.Ticks, (baselineP99 + TimeSpan.FromMilliseconds(150)).Ticks));

    public static string RenderTable(IEnumerable<LatencyBudgetResult> results)
    {
        var list = results.ToList();
        var width = Math.Max(list.Select(r => r.Budget.Name.Length).DefaultIfEmpty(0).Max(), 6) + 2;
        var text = new StringBuilder();
        var header = LatencyBudgetResult.Header(width);
        text.AppendLine(header).AppendLine(new string('─', header.Length));
        foreach (var result in list)
            text.AppendLine(result.Render(width));
        return text.ToString();
    }
}

public sealed record LatencyBudgetResult(LatencyBudget Budget, TimeSpan? Observed, int Samples, int Failed)
{
    public bool Passed => Observed is { } observed && observed < Budget.Budget && Failed == 0;

    internal static string Header(int width) =>
        $"{"Budget".PadRight(width)}{"Requests",9}{"Failed",8}{"Percentile",12}{"Observed",11}{"Limit",11}  Result";

    public string Render(int width = 0)
    {
        var percentile = "p" + Budget.Percentile.ToString("0.#", CultureInfo.InvariantCulture);
        var observed = Observed is { } value ? LatencySummary.Milliseconds(value) : "-";
        var limit = "< " + LatencySummary.Milliseconds(Budget.Budget);
        return string.Create(CultureInfo.InvariantCulture,
            $"{Budget.Name.PadRight(Math.Max(width, Budget.Name.Length + 2))}{Samples + Failed,9}{Failed,8}{percentile,12}{observed,11}{limit,11}  {(Passed ? "pass" : "FAIL")}");
    }
}
