using System.Text.RegularExpressions;
using BuildEngine.IO;

namespace Delivery.Edge;

/// <summary>
/// What the edge's certificate is for and where it lives. Without an ACME directory the edge gets a self-signed
/// certificate (local environments); with one, certbot's http-01 webroot flow through the running proxy.
/// Every property is a build parameter of the <c>Certificates</c> target; error messages name the parameter.
/// </summary>
public sealed partial record CertificateSettings
{
    /// <summary>Let's Encrypt's production directory, for the runbook and the parameter help.</summary>
    public const string LetsEncrypt = "https://acme-v02.api.letsencrypt.org/directory";

    /// <summary>Host names on the certificate; the first is the subject. http-01 cannot prove wildcards.</summary>
    public required IReadOnlyList<string> Domains { get; init; }

    /// <summary>The certbot image of this repository (<c>pazpaz/certbot:&lt;version&gt;</c>).</summary>
    public required string CertbotImage { get; init; }

    /// <summary>ACME directory URL; null means a self-signed certificate.</summary>
    public Uri? AcmeDirectory { get; init; }

    /// <summary>Account e-mail for the ACME server; null registers without one.</summary>
    public string? Email { get; init; }

    public string ProxyContainer { get; init; } = "pazpaz-proxy";

    /// <summary>The volume the proxy mounts at /etc/pazpaz/tls.</summary>
    public string CertificateVolume { get; init; } = "pazpaz-tls";

    /// <summary>certbot's config directory (account key, lineages, renewal configuration) and its logs.</summary>
    public string AcmeStateVolume { get; init; } = "pazpaz-letsencrypt";

    /// <summary>The volume the proxy mounts at /var/www/acme and serves under /.well-known/acme-challenge/.</summary>
    public string WebrootVolume { get; init; } = "pazpaz-acme-webroot";

    /// <summary>A Docker network for certbot's containers, when the ACME server is only reachable there (a test server).</summary>
    public string? Network { get; init; }

    /// <summary>PEM bundle certbot trusts for the ACME server's own HTTPS (REQUESTS_CA_BUNDLE); only for a test server.</summary>
    public AbsolutePath? AcmeCaBundle { get; init; }

    /// <summary>The certbot lineage name (live/&lt;name&gt;/).</summary>
    public string CertificateName { get; init; } = "pazpaz";

    /// <summary>Renew now even when the certificate is not due (tests, a compromised key).</summary>
    public bool ForceRenewal { get; init; }

    public bool SelfSigned => AcmeDirectory is null;

    /// <summary>Every problem at once, each naming the parameter and the fix; empty when the settings are usable.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Domains.Count == 0)
            problems.Add("CertificateDomains (--certificate-domains) is empty: give the public host names, e.g. --certificate-domains app.pazpaz.example.");
        foreach (var domain in Domains)
        {
            if (domain.StartsWith("*.", StringComparison.Ordinal))
                problems.Add($"CertificateDomains: '{domain}' is a wildcard, which http-01 (webroot) cannot prove; list each host name.");
            else if (!HostName().IsMatch(domain))
                problems.Add($"CertificateDomains: '{domain}' is not a host name (letters, digits, hyphens, dot-separated labels).");
        }
        if (Domains.Distinct(StringComparer.OrdinalIgnoreCase).Count() != Domains.Count)
            problems.Add($"CertificateDomains lists a name twice ({string.Join(", ", Domains)}); list each once.");
        if (string.IsNullOrWhiteSpace(CertbotImage) || CertbotImage.Any(char.IsWhiteSpace))
            problems.Add($"CertbotImage: '{CertbotImage}' is not an image reference; build it with ./build.sh DockerBuild (pazpaz/certbot:<version>).");

        if (AcmeDirectory is { } directory && (!directory.IsAbsoluteUri || directory.Scheme != Uri.UriSchemeHttps))
            problems.Add($"AcmeDirectory (--acme-directory): '{directory}' must be an https:// ACME directory URL, e.g. {LetsEncrypt}; leave it unset for a self-signed certificate.");
        if (Email is { } email && !EmailAddress().IsMatch(email))
            problems.Add($"AcmeEmail (--acme-email): '{email}' is not an e-mail address.");
        if (SelfSigned && Email is not null)
            problems.Add("AcmeEmail is set but AcmeDirectory is not: a self-signed certificate has no ACME account. Set --acme-directory, or drop --acme-email.");
        if (SelfSigned && AcmeCaBundle is not null)
            problems.Add("AcmeCaBundle is set but AcmeDirectory is not: the bundle is only for a test ACME server's HTTPS. Set --acme-directory, or drop --acme-ca-bundle.");
        if (SelfSigned && ForceRenewal)
            problems.Add("ForceRenewal needs an ACME directory; a self-signed certificate is reissued when missing or within 30 days of expiry.");
        if (AcmeCaBundle is { } bundle && !bundle.FileExists())
            problems.Add($"AcmeCaBundle (--acme-ca-bundle): '{bundle}' does not exist; give the PEM file of the test ACME server's CA.");

        Name("ProxyContainer (--proxy-container)", ProxyContainer, "a container name", problems);
        Name("CertificateVolume (--certificate-volume)", CertificateVolume, "a volume name", problems);
        Name("AcmeStateVolume (--acme-state-volume)", AcmeStateVolume, "a volume name", problems);
        Name("WebrootVolume (--webroot-volume)", WebrootVolume, "a volume name", problems);
        Name("CertificateName", CertificateName, "a certbot lineage name", problems);
        if (Network is not null)
            Name("CertificateNetwork (--certificate-network)", Network, "a network name", problems);
        EnsureDistinctVolumes(problems);
        return problems;
    }

    /// <summary>Throws <see cref="CertificateSettingsException"/> listing every problem.</summary>
    public CertificateSettings EnsureValid() => Problems() is { Count: > 0 } problems
        ? throw new CertificateSettingsException("Certificate settings are not usable:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)))
        : this;

    void EnsureDistinctVolumes(List<string> problems)
    {
        string[] volumes = [CertificateVolume, AcmeStateVolume, WebrootVolume];
        if (volumes.Distinct(StringComparer.Ordinal).Count() != volumes.Length)
            problems.Add($"CertificateVolume, AcmeStateVolume and WebrootVolume must be three different volumes (got {string.Join(", ", volumes)}): " +
                         "the proxy must not see the ACME account key, and the webroot is public.");
    }

    static void Name(string setting, string value, string what, List<string> problems)
    {
        if (!DockerName().IsMatch(value))
            problems.Add($"{setting}: '{value}' is not {what} (a letter or digit, then letters, digits, '_', '.', '-').");
    }

    [GeneratedRegex(@"^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")]
    private static partial Regex HostName();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailAddress();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
    private static partial Regex DockerName();
}

public sealed class CertificateSettingsException(string message) : Exception(message);
