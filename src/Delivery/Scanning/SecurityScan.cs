using BuildEngine.IO;
using System.Diagnostics;
using Delivery.Scanning.Dependencies;

namespace Delivery.Scanning;

/// <summary>What one scan produced: each scanner's result and each SBOM generator's, with how long each took.</summary>
public sealed record SecurityScanResult(IReadOnlyList<(ScannerResult Result, TimeSpan Took)> Scanners, IReadOnlyList<(SbomResult Result, TimeSpan Took)> Sboms)
{
    public IReadOnlyList<ScannerResult> ScannerResults => Scanners.Select(s => s.Result).ToList();

    /// <summary>One line per SBOM: whether it was written, how many components, where.</summary>
    public string RenderSboms()
    {
        var width = Sboms.Select(s => s.Result.Generator.Length).DefaultIfEmpty(4).Max() + 2;
        var text = new System.Text.StringBuilder().AppendLine($"{"SBOM".PadRight(width)}{"Status",-15}{"Components",10}  {"Took",7}  Detail");
        foreach (var (result, took) in Sboms)
            text.AppendLine(System.Globalization.CultureInfo.InvariantCulture,
                $"{result.Generator.PadRight(width)}{result.Status,-15}{result.Components,10}  {took.TotalSeconds,5:0.0} s  {result.Detail}");
        return text.ToString();
    }
}

/// <summary>
/// Runs every scanner and SBOM generator in turn. One that throws is recorded as Failed with the reason and the others
/// still run, so the summary always names every scanner and the gate, not an exception, decides the verdict.
/// </summary>
public sealed class SecurityScan(IReadOnlyList<IScanner> scanners, IReadOnlyList<ISbomGenerator> sboms)
{
    public async Task<SecurityScanResult> RunAsync(ScanTarget target, Action<string> progress, CancellationToken cancellation = default)
    {
        target.ScanDirectory.CreateDirectory();
        target.SbomDirectory.CreateDirectory();
        var results = new List<(ScannerResult, TimeSpan)>();
        foreach (var (scanner, index) in scanners.Select((s, i) => (s, i + 1)))
        {
            progress($"[{index}/{scanners.Count}] {scanner.Name}");
            var (result, took) = await Timed(() => scanner.ScanAsync(target, progress, cancellation), why => ScannerResult.Failed(scanner.Name, why));
            results.Add((result, took));
            progress($"{scanner.Name}: {Describe(result.Status)}{(result.Status == ScannerStatus.Ran ? $", {result.Findings.Count} finding(s)" : $": {result.Detail}")} in {took.TotalSeconds:0.0} s");
        }

        var written = new List<(SbomResult, TimeSpan)>();
        foreach (var generator in sboms)
        {
            progress($"SBOM: {generator.Name}");
            written.Add(await Timed(() => generator.GenerateAsync(target, progress, cancellation), why => SbomResult.Failed(generator.Name, why)));
        }
        return new SecurityScanResult(results, written);
    }

    static async Task<(T Result, TimeSpan Took)> Timed<T>(Func<Task<T>> run, Func<string, T> failed)
    {
        var stopwatch = Stopwatch.StartNew();
        try
        {
            return (await run(), stopwatch.Elapsed);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return (failed($"{e.GetType().Name}: {e.Message}"), stopwatch.Elapsed);
        }
    }

    static string Describe(ScannerStatus status) => status switch
    {
        ScannerStatus.Ran => "ran",
        ScannerStatus.NotAvailable => "not available",
        _ => "FAILED",
    };
}

/// <summary>The gate said no: the message lists every reason, and how to fix or waive each.</summary>
public sealed class ScanGateFailedException(IReadOnlyList<string> failures) : Exception(
    $"The scan gate failed ({failures.Count} reason{(failures.Count == 1 ? "" : "s")}):\n  " + string.Join("\n  ", failures) +
    "\nFix what is fixable (rebuild for pending Debian updates, bump the package, correct the Dockerfile/compose/workflow), " +
    "or waive a finding in .scanignore as 'ID exp:YYYY-MM-DD # reason' (docs/security.md).");
