using BuildEngine.IO;

namespace Delivery.Scanning.Policy;

/// <summary>The compose policy (<see cref="ComposeRules"/>) over compose/compose*.yaml, per environment's merged view.</summary>
public sealed class ComposePolicyScanner : IScanner
{
    public const string ScannerName = "compose-policy";

    public string Name => ScannerName;

    public Task<ScannerResult> ScanAsync(ScanTarget target, Action<string> progress, CancellationToken cancellationToken = default) =>
        Task.FromResult(PolicyScan.Run(Name, target, ComposeFiles(target.RootDirectory), "no compose/compose*.yaml", ComposePolicy.Check, progress, cancellationToken));

    public static IReadOnlyList<AbsolutePath> ComposeFiles(AbsolutePath root) =>
        (root / "compose").DirectoryExists()
            ? Directory.EnumerateFiles(root / "compose", "compose*.y*ml").Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal).Select(f => AbsolutePath.Create(f)).ToList()
            : [];
}
