using System.Globalization;
using System.Text;
using System.Xml.Linq;
using BuildEngine.IO;

namespace BuildEngine.Tools.DotNet;

/// <summary>The outcome of one test project, read from its TRX file.</summary>
public sealed record TestRunSummary(string Name, int Passed, int Failed, int Skipped, TimeSpan Duration, string? Problem = null)
{
    static readonly XNamespace Trx = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";

    /// <summary>A project whose run produced no results (it crashed, or did not build) counts as failed.</summary>
    public bool Succeeded => Failed == 0 && Problem is null;

    public static TestRunSummary FromTrx(string name, AbsolutePath trxFile)
    {
        if (!trxFile.FileExists())
            return new TestRunSummary(name, 0, 0, 0, TimeSpan.Zero, $"no results file {trxFile.Name}: the test run did not complete");
        var document = XDocument.Load(trxFile);
        var outcomes = document.Descendants(Trx + "UnitTestResult").Select(r => (string?)r.Attribute("outcome")).ToList();
        var times = document.Root?.Element(Trx + "Times");
        var duration = times is null ? TimeSpan.Zero
            : DateTimeOffset.Parse((string)times.Attribute("finish")!, CultureInfo.InvariantCulture) - DateTimeOffset.Parse((string)times.Attribute("start")!, CultureInfo.InvariantCulture);
        return new TestRunSummary(name,
            outcomes.Count(o => o == "Passed"),
            outcomes.Count(o => o is "Failed" or "Error" or "Timeout" or "Aborted"),
            outcomes.Count(o => o is "NotExecuted" or "Inconclusive"),
            duration,
            outcomes.Count == 0 ? "the run executed no test" : null);
    }

    /// <summary>JUnit XML (pytest's <c>--junitxml</c>, Vitest's junit reporter): the counts of every test suite.</summary>
    public static TestRunSummary FromJUnit(string name, AbsolutePath file)
    {
        if (!file.FileExists())
            return new TestRunSummary(name, 0, 0, 0, TimeSpan.Zero, $"no results file {file.Name}: the test run did not complete");
        var suites = XDocument.Load(file).Descendants("testsuite").ToList();
        int Sum(string attribute) => suites.Sum(s => (int?)s.Attribute(attribute) ?? 0);
        var total = Sum("tests");
        var failed = Sum("failures") + Sum("errors");
        var skipped = Sum("skipped");
        var seconds = suites.Sum(s => double.TryParse((string?)s.Attribute("time"), NumberStyles.Float, CultureInfo.InvariantCulture, out var t) ? t : 0);
        return new TestRunSummary(name, total - failed - skipped, failed, skipped, TimeSpan.FromSeconds(seconds), total == 0 ? "the run executed no test" : null);
    }

    public static TestRunSummary Total(IReadOnlyCollection<TestRunSummary> runs) =>
        new("Total", runs.Sum(r => r.Passed), runs.Sum(r => r.Failed), runs.Sum(r => r.Skipped), TimeSpan.FromTicks(runs.Sum(r => r.Duration.Ticks)),
            runs.Any(r => r.Problem is not null) ? "see above" : null);

    /// <summary>The closing line CI log readers recognise, alone on its line: "Tests: 12 passed, 0 failed, 1 skipped".</summary>
    public string ResultLine => $"Tests: {Passed} passed, {Failed} failed, {Skipped} skipped";

    public static string RenderTable(IReadOnlyCollection<TestRunSummary> runs)
    {
        var total = Total(runs);
        var width = Math.Max(runs.Select(r => r.Name.Length).DefaultIfEmpty(0).Max(), 5) + 2;
        var text = new StringBuilder();
        var header = $"{"Project".PadRight(width)}{"Passed",8}{"Failed",8}{"Skipped",9}{"Duration",10}";
        text.AppendLine(header).AppendLine(new string('─', header.Length));
        foreach (var run in runs.Append(total))
        {
            if (run == total)
                text.AppendLine(new string('─', header.Length));
            text.Append($"{run.Name.PadRight(width)}{run.Passed,8}{run.Failed,8}{run.Skipped,9}{run.Duration.TotalSeconds.ToString("0.0 s", CultureInfo.InvariantCulture),10}");
            text.AppendLine(run.Problem is null || run == total ? "" : $"   // {run.Problem}");
        }
        return text.ToString();
    }
}
