using BuildEngine.IO;
using BuildEngine.Tools.DotNet;

namespace BuildEngine.Tests.Tools;

public sealed class TestRunSummaryTests : IDisposable
{
    readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("trx-");

    AbsolutePath Write(string name, params string[] outcomes)
    {
        var results = string.Join("", outcomes.Select((o, i) => $"<UnitTestResult testName=\"t{i}\" outcome=\"{o}\" />"));
        var path = AbsolutePath.Create(Path.Combine(_directory.FullName, name));
        File.WriteAllText(path, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <TestRun xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
              <Times creation="2026-11-27T10:00:00.000+00:00" start="2026-11-27T10:00:01.000+00:00" finish="2026-11-27T10:00:03.500+00:00" />
              <Results>{results}</Results>
            </TestRun>
            """);
        return path;
    }

    [Fact]
    public void Counts_outcomes_and_duration_from_a_trx_file()
    {
        var summary = TestRunSummary.FromTrx("Engine.Tests", Write("a.trx", "Passed", "Passed", "Failed", "NotExecuted"));

        Assert.Equal((2, 1, 1), (summary.Passed, summary.Failed, summary.Skipped));
        Assert.Equal(TimeSpan.FromSeconds(2.5), summary.Duration);
        Assert.False(summary.Succeeded);
    }

    [Fact]
    public void A_missing_results_file_or_an_empty_run_counts_as_a_failure()
    {
        var missing = TestRunSummary.FromTrx("Gone.Tests", AbsolutePath.Create(Path.Combine(_directory.FullName, "none.trx")));
        var empty = TestRunSummary.FromTrx("Empty.Tests", Write("b.trx"));

        Assert.False(missing.Succeeded);
        Assert.Contains("did not complete", missing.Problem);
        Assert.False(empty.Succeeded);
    }

    [Fact]
    public void Counts_junit_results_as_pytest_writes_them()
    {
        var path = AbsolutePath.Create(Path.Combine(_directory.FullName, "junit.xml"));
        File.WriteAllText(path, """
            <?xml version="1.0" encoding="utf-8"?>
            <testsuites name="pytest tests"><testsuite name="pytest" errors="1" failures="2" skipped="1" tests="15" time="0.812">
              <testcase classname="tests.test_health" name="test_live" time="0.01" />
            </testsuite></testsuites>
            """);

        var summary = TestRunSummary.FromJUnit("api (image)", path);

        Assert.Equal((11, 3, 1), (summary.Passed, summary.Failed, summary.Skipped));
        Assert.Equal(TimeSpan.FromSeconds(0.812), summary.Duration);
        Assert.False(summary.Succeeded);
    }

    [Fact]
    public void The_total_line_is_the_one_ci_log_readers_recognise()
    {
        var runs = new[] { new TestRunSummary("A", 3, 0, 1, TimeSpan.FromSeconds(1)), new TestRunSummary("B", 4, 2, 0, TimeSpan.FromSeconds(2)) };

        var total = TestRunSummary.Total(runs);

        Assert.Equal("Tests: 7 passed, 2 failed, 1 skipped", total.ResultLine);
        Assert.Contains("Total", TestRunSummary.RenderTable(runs));
    }

    public void Dispose() => _directory.Delete(recursive: true);
}
