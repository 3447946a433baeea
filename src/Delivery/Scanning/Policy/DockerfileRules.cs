namespace Delivery.Scanning.Policy;

/// <summary>
/// The Dockerfile rules (anchors-hardening check 19; CIS Docker Benchmark v1.6.0 section 4). They judge the final stage,
/// the image that ships; earlier stages only for what is written into the Dockerfile itself (bases, ADD, secrets).
/// </summary>
public static class DockerfileRules
{
    public static readonly PolicyRule Unreadable = new("DF000", Severity.High,
        "The Dockerfile parses and has a FROM", "policy lint");

    public static readonly PolicyRule NonRootUser = new("DF001", Severity.High,
        "The final stage sets USER to a non-root user (not root, not 0)", "CIS Docker Benchmark 4.1");

    /// <summary>A one-shot tool image may instead say why in <c>LABEL org.pazpaz.healthcheck="none: &lt;reason&gt;"</c>, which stays visible in the image.</summary>
    public static readonly PolicyRule Healthcheck = new("DF002", Severity.Medium,
        "The final stage has a HEALTHCHECK, or a one-shot image documents why not with LABEL org.pazpaz.healthcheck=\"none: <reason>\"", "CIS Docker Benchmark 4.6");

    public static readonly PolicyRule CopyNotAdd = new("DF003", Severity.High,
        "COPY instead of ADD: ADD never fetches a URL, and is used only to unpack a local archive", "CIS Docker Benchmark 4.9");

    /// <summary>
    /// No digest is required: <c>debian:trixie-slim</c> is bootstrapped locally (BaseImageBootstrapper) and has no registry
    /// digest to pin; the base is pinned by that bootstrap and its record, and the built images are deployed by digest.
    /// </summary>
    public static readonly PolicyRule PinnedBase = new("DF004", Severity.Medium,
        "FROM names a release tag or a digest, never :latest or no tag (earlier stages and scratch excepted)", "CIS Docker Benchmark 4.2");

    public static readonly PolicyRule NoSecrets = new("DF005", Severity.Critical,
        "No ENV or ARG with a secret-like name (PASSWORD, SECRET, TOKEN, KEY, ...) carries a value", "CIS Docker Benchmark 4.10");

    public static IReadOnlyList<PolicyRule> All { get; } = [Unreadable, NonRootUser, Healthcheck, CopyNotAdd, PinnedBase, NoSecrets];
}
