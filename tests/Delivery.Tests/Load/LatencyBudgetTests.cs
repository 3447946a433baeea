using Delivery.Load;

namespace Delivery.Tests.Load;

public sealed class LatencyBudgetTests
{
    static readonly IReadOnlyCollection<TimeSpan> OneToHundred = Enumerable.Range(1, 100).Select(i => TimeSpan.FromMilliseconds(i)).ToList();

    [Theory]
    [InlineData(150, true)]
    [InlineData(96, true)]
    [InlineData(95, false)] // p95 is 95 ms: the budget is strict, "p95 < budget".
    public void The_p95_must_be_under_the_budget(int budgetMs, bool passes)
    {
        var result = new LatencyBudget("schedule", TimeSpan.FromMilliseconds(budgetMs)).Evaluate(OneToHundred);

        Assert.Equal(TimeSpan.FromMilliseconds(95), result.Observed);
        Assert.Equal(passes, result.Passed);
    }

    [Fact]
    public void Failures_or_no_samples_fail_the_budget_however_fast_the_rest()
    {
        var budget = new LatencyBudget("schedule", TimeSpan.FromMilliseconds(150));

        Assert.False(budget.Evaluate(OneToHundred, failed: 1).Passed);
        Assert.False(budget.Evaluate([]).Passed);
        Assert.Null(budget.Evaluate([]).Observed);
    }

    [Fact]
    public void A_report_is_evaluated_on_one_kind_with_its_failures()
    {
        var start = DateTimeOffset.UnixEpoch;
        var report = new LoadReport(start, 10, TimeSpan.FromSeconds(1),
        [
            new RequestSample(0, "schedule", start, TimeSpan.Zero, TimeSpan.FromMilliseconds(20), 200, null),
            new RequestSample(1, "version", start, TimeSpan.Zero, TimeSpan.FromMilliseconds(900), 200, null),
            new RequestSample(2, "version", start, TimeSpan.Zero, null, null, TransportError.Refused),
        ]);
        var budget = new LatencyBudget("schedule", TimeSpan.FromMilliseconds(150));

        var schedule = budget.Evaluate(report, "schedule");
        var version = budget.Evaluate(report, "version");

        Assert.True(schedule.Passed);
        Assert.Equal(TimeSpan.FromMilliseconds(20), schedule.Observed);
        Assert.False(version.Passed);
        Assert.Equal(1, version.Failed);
    }

    [Theory]
    [InlineData(40, 190)]
    [InlineData(150, 300)]
    [InlineData(300, 600)]
    public void The_switch_limit_is_the_larger_of_twice_the_baseline_and_the_baseline_plus_150_ms(int baselineMs, int limitMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(limitMs), LatencyBudget.SwitchLimit(TimeSpan.FromMilliseconds(baselineMs)));
    }

    [Fact]
    public void The_table_has_one_aligned_pass_or_fail_row_per_budget()
    {
        var budget = new LatencyBudget("schedule", TimeSpan.FromMilliseconds(150));

        var lines = LatencyBudget.RenderTable([budget.Evaluate(OneToHundred), budget.Evaluate(OneToHundred, failed: 2)]).Split('\n');

        Assert.Equal("Budget     Requests  Failed  Percentile   Observed      Limit  Result", lines[0]);
        Assert.Equal("schedule        100       0         p95    95.0 ms   < 150 ms  pass", lines[2]);
        Assert.Equal("schedule        102       2         p95    95.0 ms   < 150 ms  FAIL", lines[3]);
    }
}
