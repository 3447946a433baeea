namespace Delivery.Observability;

/// <summary>
/// Where deploys are reported in Sentry: the server (sentry.io or a self-hosted one), the organisation and project
/// slugs, and an auth token with the <c>project:releases</c> scope. The token is a secret: it goes only into the
/// Authorization header, never into a message.
/// </summary>
public sealed record SentrySettings(Uri Url, string Organization, string Project, string AuthToken)
{
    public static readonly Uri DefaultUrl = new("https://sentry.io");

    /// <summary>Nothing set: not configured (null, no problem). Some but not all: a problem naming what is missing.</summary>
    public static (SentrySettings? Settings, string? Problem) From(string? url, string? organization, string? project, string? authToken)
    {
        var given = new[] { organization, project, authToken }.Count(v => !string.IsNullOrWhiteSpace(v));
        if (given == 0)
            return (null, null);
        var missing = new[] { (organization, "--sentry-org"), (project, "--sentry-project"), (authToken, "SENTRY_AUTH_TOKEN") }
            .Where(p => string.IsNullOrWhiteSpace(p.Item1)).Select(p => p.Item2).ToList();
        if (missing.Count > 0)
            return (null, $"{string.Join(" and ", missing)} not set (the others are): set all three, or none to skip Sentry");
        if (!Uri.TryCreate(string.IsNullOrWhiteSpace(url) ? DefaultUrl.OriginalString : url, UriKind.Absolute, out var server) || server.Scheme is not ("https" or "http"))
            return (null, $"--sentry-url '{url}' is not an absolute http(s) URL such as {DefaultUrl}");
        return (new SentrySettings(server, organization!.Trim(), project!.Trim(), authToken!.Trim()), null);
    }

    /// <summary>The token stays out of logs even when a settings object is printed.</summary>
    public override string ToString() => $"Sentry {Url.Host} {Organization}/{Project}";
}
