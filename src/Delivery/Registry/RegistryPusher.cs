using Docker.DotNet;
using Docker.DotNet.Models;
using Serilog;

namespace Delivery.Registry;

/// <summary>One image in the registry, addressed by digest: what later stages deploy.</summary>
public sealed record PushedImage(string Name, string Repository, string Tag, string Digest)
{
    public string Reference => $"{Repository}@{Digest}";
}

public sealed class RegistryPushException(string message, bool transient) : Exception(message)
{
    public bool Transient { get; } = transient;
}

/// <summary>
/// Pushes through the Engine API with credentials in X-Registry-Auth. The API answers 200 even when the push fails, so
/// errors are read from the progress stream; transient ones are retried with backoff, refused credentials never are.
/// </summary>
public sealed class RegistryPusher(IDockerClient client, string registry, RegistryCredentials credentials)
{
    public IReadOnlyList<TimeSpan> Backoff { get; init; } = [TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10)];

    public async Task<PushedImage> PushAsync(string name, string localImage, string tag, CancellationToken cancellation = default)
    {
        var repository = $"{registry}/pazpaz/{name}";
        await client.Images.TagImageAsync(localImage, new ImageTagParameters { RepositoryName = repository, Tag = tag }, cancellation);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var digest = await PushOnceAsync(repository, tag, cancellation);
                Log.Information("Pushed {Repository}:{Tag} as {Digest}", repository, tag, digest);
                return new PushedImage(name, repository, tag, digest);
            }
            catch (RegistryPushException e) when (e.Transient && attempt < Backoff.Count)
            {
                Log.Warning("Push of {Repository}:{Tag} failed ({Reason}); retrying in {Seconds} s", repository, tag, e.Message, Backoff[attempt].TotalSeconds);
                await Task.Delay(Backoff[attempt], cancellation);
            }
        }
    }

    async Task<string> PushOnceAsync(string repository, string tag, CancellationToken cancellation)
    {
        var progress = new PushProgress();
        var auth = new AuthConfig { Username = credentials.Username, Password = credentials.Password, ServerAddress = registry };
        try
        {
            await client.Images.PushImageAsync(repository, new ImagePushParameters { Tag = tag }, auth, progress, cancellation);
        }
        catch (HttpRequestException e)
        {
            throw new RegistryPushException($"the engine could not be reached while pushing: {e.Message}", transient: true);
        }
        catch (DockerApiException e)
        {
            throw Classify(e.ResponseBody ?? e.Message);
        }
        if (progress.Error is { } error)
            throw Classify(error);
        return progress.Digest ?? throw new RegistryPushException($"the registry accepted {repository}:{tag} but reported no digest", transient: true);
    }

    RegistryPushException Classify(string error)
    {
        if (error.Contains("unauthorized", StringComparison.OrdinalIgnoreCase) || error.Contains("no basic auth credentials", StringComparison.OrdinalIgnoreCase) ||
            error.Contains("authentication required", StringComparison.OrdinalIgnoreCase) || error.Contains("denied", StringComparison.OrdinalIgnoreCase))
            return new RegistryPushException(
                $"registry {registry} refused the credentials of user '{credentials.Username}' ({error.Trim()}). Check --registry-username and --registry-password (or REGISTRY_PASSWORD).",
                transient: false);
        return new RegistryPushException($"registry {registry}: {error.Trim()}", transient: true);
    }

    sealed class PushProgress : IProgress<JSONMessage>
    {
        public string? Error { get; private set; }
        public string? Digest { get; private set; }

        public void Report(JSONMessage value)
        {
            if (value.Error?.Message is { Length: > 0 } error)
                Error = error;
            if (value.Aux?.ExtensionData is { } aux && aux.TryGetValue("Digest", out var digest))
                Digest = digest?.ToString();
            else if (value.Status is { } status && status.Contains("digest: sha256:", StringComparison.Ordinal))
                Digest = status[status.IndexOf("sha256:", StringComparison.Ordinal)..].Split(' ')[0];
        }
    }
}
