namespace Delivery.Deployment;

/// <summary>
/// Which release images a prune removes (anchors-deploy.md §5.1, Retention): those pulled by digest, untagged, into a
/// release's repositories that no ledger record names and no container uses. Every digest the ledger names stays, so a
/// rollback to anything in the audit trail works with the registry down; an image with a tag (built, pushed or tagged
/// here) is never a candidate.
/// </summary>
public static class ImageRetention
{
    /// <param name="releaseImages">The images of the release just deployed (their repositories are the ones pruned).</param>
    /// <param name="onEngine">Per repository, what <c>docker image ls --digests</c> listed as <c>repo@digest tag</c>.</param>
    /// <param name="ledgerReferences">Every digest reference the environment's ledger names.</param>
    /// <param name="usedByContainers">The image references containers were created from.</param>
    public static IReadOnlyList<string> Removable(IEnumerable<string> releaseImages, IReadOnlyDictionary<string, IReadOnlyList<string>> onEngine,
        IReadOnlySet<string> ledgerReferences, IReadOnlySet<string> usedByContainers)
    {
        var keep = ledgerReferences.Concat(usedByContainers).Concat(releaseImages).ToHashSet(StringComparer.Ordinal);
        return Repositories(releaseImages)
            .SelectMany(repository => onEngine.TryGetValue(repository, out var images) ? images : [])
            .Select(line => line.Split(' ', 2, StringSplitOptions.TrimEntries))
            .Where(parts => parts is [var image, "<none>"] && image.Contains("@sha256:", StringComparison.Ordinal) && !keep.Contains(image))
            .Select(parts => parts[0])
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The repositories of the images given by digest (<c>repo@sha256:…</c>); a tag reference names an image built here, not pulled.</summary>
    public static IReadOnlyList<string> Repositories(IEnumerable<string> releaseImages) =>
        releaseImages.Where(image => image.Contains("@sha256:", StringComparison.Ordinal))
            .Select(image => image[..image.IndexOf('@', StringComparison.Ordinal)])
            .Distinct(StringComparer.Ordinal)
            .ToList();
}
