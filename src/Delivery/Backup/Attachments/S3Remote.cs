using System.Text.RegularExpressions;
using Delivery.Environments;

namespace Delivery.Backup.Attachments;

/// <summary>
/// An S3-compatible store as an rclone remote, configured only through <c>RCLONE_CONFIG_&lt;NAME&gt;_*</c> variables
/// (no config file). The keys are secret names, looked up in <see cref="SecretValues"/> when a step is planned, and
/// reach the container by name only (<c>--env NAME</c>), so they never appear on a command line or in a log.
/// </summary>
public sealed partial record S3Remote(string Name, Uri Endpoint)
{
    /// <summary>Secret holding the access key id.</summary>
    public required string AccessKeyIdSecret { get; init; }

    /// <summary>Secret holding the secret access key.</summary>
    public required string SecretAccessKeySecret { get; init; }

    /// <summary>Region for stores that check it; s3rver and MinIO ignore it.</summary>
    public string? Region { get; init; }

    string Prefix => $"RCLONE_CONFIG_{Name.ToUpperInvariant()}_";

    /// <summary>rclone's name for a bucket (or a path in it) on this remote.</summary>
    public string Path(string bucketAndPath) => $"{Name}:{bucketAndPath}";

    /// <summary>
    /// Path style, not virtual hosts: the endpoint is reached by container name or IP, which has no bucket subdomains.
    /// Provider Other keeps rclone to the plain S3 API, so the store can be swapped (anchors-hardening.md A.4, MinIO caveat).
    /// </summary>
    public IReadOnlyDictionary<string, string> Variables()
    {
        var variables = new Dictionary<string, string>
        {
            [Prefix + "TYPE"] = "s3",
            [Prefix + "PROVIDER"] = "Other",
            [Prefix + "ENDPOINT"] = Endpoint.ToString().TrimEnd('/'),
            [Prefix + "FORCE_PATH_STYLE"] = "true",
        };
        if (Region is { } region)
            variables[Prefix + "REGION"] = region;
        return variables;
    }

    public IReadOnlyDictionary<string, string> SecretVariables(SecretValues secrets) => new Dictionary<string, string>
    {
        [Prefix + "ACCESS_KEY_ID"] = secrets.Reveal(AccessKeyIdSecret),
        [Prefix + "SECRET_ACCESS_KEY"] = secrets.Reveal(SecretAccessKeySecret),
    };

    /// <summary>Every problem, each prefixed with <paramref name="setting"/> (the parameter it came from).</summary>
    public IEnumerable<string> Problems(string setting, SecretValues secrets)
    {
        if (!RemoteName().IsMatch(Name))
            yield return $"{setting}: remote name '{Name}' must be a letter, then letters, digits or '_' (it becomes RCLONE_CONFIG_{Name.ToUpperInvariant()}_*).";
        if (!Endpoint.IsAbsoluteUri || Endpoint.Scheme is not ("http" or "https"))
            yield return $"{setting}: endpoint '{Endpoint}' must be an absolute http:// or https:// URL, e.g. http://s3:9000 on the project's network.";
        foreach (var secret in new[] { AccessKeyIdSecret, SecretAccessKeySecret }.Where(s => !secrets.Contains(s)))
            yield return $"{setting}: secret '{secret}' is not loaded; set it in the environment or the environment's secret file (SecretSource).";
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]*$")]
    private static partial Regex RemoteName();
}
