using System.Diagnostics;
using System.Globalization;
using Docker.DotNet;

namespace Delivery.Scanning.Images;

/// <summary>
/// Looks for secrets baked into an image's metadata, where anyone who pulls the image reads them: ENV, labels, and
/// the history's command lines (which also keep build arguments: <c>RUN |1 NPM_TOKEN=… /bin/sh -c …</c>). Files inside
/// the layers are the repository secret scanner's concern, since they come from the repository.
/// </summary>
public sealed class ImageSecretScanner(IDockerClient client) : IScanner
{
    public string Name => "image-secrets";

    public async Task<ScannerResult> ScanAsync(ScanTarget target, Action<string> progress, CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        if (target.Images.Count == 0)
            return ScannerResult.NotAvailable(Name, "No images to scan; build them first (./build.sh DockerBuild).");
        var findings = new List<Finding>();
        try
        {
            foreach (var image in target.Images)
            {
                var found = ToFindings(image, await ReadAsync(image.Reference, cancellationToken));
                findings.AddRange(found);
                progress($"{image.Reference}: {(found.Count == 0 ? "no secrets" : $"{found.Count} secret-looking values")} in ENV, labels and history");
            }
        }
        catch (DockerApiException e)
        {
            return ScannerResult.Failed(Name, $"The Docker engine refused a request: {e.StatusCode} {e.ResponseBody?.Trim()}");
        }
        catch (HttpRequestException e)
        {
            return ScannerResult.Failed(Name, $"The Docker engine did not answer ({e.Message}); run ./build.sh EnsureDocker.");
        }
        return ScannerResult.Ran(Name, findings, $"{target.Images.Count} images, {findings.Count} findings, " +
            $"{stopwatch.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s");
    }

    /// <summary>Where a value sits, for the message: "ENV DB_PASSWORD", "label api.token", "history step 7".</summary>
    sealed record Place(string Where, SecretMatch Match);

    async Task<IReadOnlyList<Place>> ReadAsync(string reference, CancellationToken cancellation)
    {
        var inspected = await client.Images.InspectImageAsync(reference, cancellation);
        var history = await client.Images.GetImageHistoryAsync(reference, cancellation);
        var env = (inspected.Config?.Env ?? []).Select(e => e.Split('=', 2)).Where(p => p.Length == 2)
            .SelectMany(p => SecretDetector.InAssignment(p[0], p[1]).Select(m => new Place($"ENV {p[0]}", m)));
        var labels = (inspected.Config?.Labels ?? new Dictionary<string, string>())
            .SelectMany(l => SecretDetector.InAssignment(l.Key, l.Value).Select(m => new Place($"label {l.Key}", m)));
        // The engine lists history newest first; steps are numbered from the oldest, as a Dockerfile reads.
        var steps = history.Reverse().Select((step, index) => (Step: index + 1, step.CreatedBy))
            .SelectMany(s => SecretDetector.InText(s.CreatedBy ?? "").Select(m => new Place($"history step {s.Step}", m)));
        return env.Concat(labels).Concat(steps).ToList();
    }

    /// <summary>One finding per secret: an ENV value also shows in the history step that set it, which names the same value.</summary>
    IReadOnlyList<Finding> ToFindings(ScannedImage image, IReadOnlyList<Place> places) =>
        places.GroupBy(p => p.Match)
            .Select(g => new Finding
            {
                Scanner = Name,
                Id = g.Key.RuleId,
                Kind = FindingKind.Secret,
                Severity = g.Key.Severity,
                Location = image.Reference,
                Message = $"{g.Key.Description}{(g.Key.Name is { } name ? $" in '{name}'" : "")} ({g.Key.Hint}), at {string.Join(", ", g.Select(p => p.Where).Distinct())}; " +
                          "anyone who pulls the image can read it. Rotate it, and pass secrets at run time as files (compose secrets, *_FILE), never as ENV, ARG or LABEL.",
            })
            .ToList();
}
