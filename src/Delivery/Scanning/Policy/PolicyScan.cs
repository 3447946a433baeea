using BuildEngine.IO;

namespace Delivery.Scanning.Policy;

/// <summary>What the three policy scanners share: reading the repository's files and turning a report into a result.</summary>
static class PolicyScan
{
    /// <summary>
    /// Runs <paramref name="check"/> over the files, or says why it could not: no files is NotAvailable (the input is
    /// missing, not clean), a file that cannot be read is Failed. Waived violations are listed in the detail and progress.
    /// </summary>
    public static ScannerResult Run(string scanner, ScanTarget target, IReadOnlyList<AbsolutePath> files, string missing,
        Func<IReadOnlyList<(string Location, string Text)>, PolicyReport> check, Action<string> progress, CancellationToken cancellationToken)
    {
        if (files.Count == 0)
            return ScannerResult.NotAvailable(scanner, $"{missing} under {target.RootDirectory}; run the scan from the repository's root");
        List<(string Location, string Text)> inputs;
        try
        {
            inputs = files.Select(f => (target.RootDirectory.GetUnixRelativePathTo(f), f.ReadAllText())).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ScannerResult.Failed(scanner, $"cannot read the files to check: {e.Message}");
        }
        cancellationToken.ThrowIfCancellationRequested();
        PolicyReport report;
        try
        {
            report = check(inputs);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A file the rules cannot handle is a bug in the policy, not a clean result: fail the gate and say where.
            return ScannerResult.Failed(scanner, $"the policy check broke ({e.GetType().Name}: {e.Message}); report it with the file that caused it");
        }
        foreach (var waived in report.Waived)
            progress($"{scanner}: waived {waived}");
        var findings = report.Violations.Select(v => v.ToFinding(scanner)).ToList();
        var detail = $"{files.Count} file(s), {findings.Count} finding(s), {report.Waived.Count} waived"
                     + string.Concat(report.Waived.Select(w => $"; {w.Violation.Rule.Id} {w.Violation.Location}:{w.Violation.Line} ({w.Reason})"));
        return ScannerResult.Ran(scanner, findings, detail);
    }
}
