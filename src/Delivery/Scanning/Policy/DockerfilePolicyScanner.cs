using BuildEngine.IO;

namespace Delivery.Scanning.Policy;

/// <summary>The Dockerfile policy (<see cref="DockerfileRules"/>) over every Dockerfile under src/images and src/services.</summary>
public sealed class DockerfilePolicyScanner : IScanner
{
    public const string ScannerName = "dockerfile-policy";
    static readonly string[] Folders = ["src/images", "src/services"];
    static readonly string[] Skipped = ["node_modules", "bin", "obj", "dist"];

    public string Name => ScannerName;

    public Task<ScannerResult> ScanAsync(ScanTarget target, Action<string> progress, CancellationToken cancellationToken = default) =>
        Task.FromResult(PolicyScan.Run(Name, target, Dockerfiles(target.RootDirectory), "no Dockerfile in src/images or src/services",
            inputs => inputs.Aggregate(PolicyReport.Empty, (report, file) => report.Add(DockerfilePolicy.Check(file.Location, file.Text))),
            progress, cancellationToken));

    public static IReadOnlyList<AbsolutePath> Dockerfiles(AbsolutePath root) =>
        Folders.Select(f => root / f).Where(d => d.DirectoryExists()).SelectMany(d => Below(d))
            .Where(f => f.Name == "Dockerfile" || f.Name.StartsWith("Dockerfile.", StringComparison.Ordinal) || f.Name.EndsWith(".Dockerfile", StringComparison.OrdinalIgnoreCase))
            .OrderBy(f => (string)f, StringComparer.Ordinal)
            .ToList();

    /// <summary>Files below a folder, leaving out dependency and build output folders (a Dockerfile inside node_modules is not ours).</summary>
    static IEnumerable<AbsolutePath> Below(AbsolutePath directory) =>
        Directory.EnumerateFiles(directory).Select(f => AbsolutePath.Create(f)).Concat(Directory.EnumerateDirectories(directory)
            .Where(d => !Skipped.Contains(Path.GetFileName(d)) && !Path.GetFileName(d).StartsWith('.'))
            .SelectMany(d => Below(AbsolutePath.Create(d))));
}
