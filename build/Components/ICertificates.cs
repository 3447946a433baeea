using BuildEngine;
using BuildEngine.IO;
using Delivery.Edge;
using Delivery.Execution;
using Serilog;

/// <summary>
/// The edge's TLS certificate: self-signed without an ACME directory (local), else certbot's http-01 webroot flow
/// through the running proxy, renewed when due, with nginx reloaded only when the deploy hook installed a new one.
/// </summary>
/// <remarks>Run it daily (docs/runbooks/certificates.md): a systemd timer or the backup cron workflow.</remarks>
interface ICertificates : IDockerBuild, IHazEnvironment, IHazMetrics
{
    /// <summary>With --environment, the names compose gives that environment (project pazpaz-&lt;env&gt;); else the standalone defaults.</summary>
    string? CertificateProject => DeployEnvironment is { Length: > 0 } name
        ? Delivery.Environments.EnvironmentSettings.Load(RootDirectory, Delivery.Environments.EnvironmentName.Parse(name)).ComposeProject
        : null;

    [Parameter("Host names on the edge certificate, the first is the subject (space- or comma-separated)")]
    string[] CertificateDomains => TryGetValue(() => CertificateDomains) ?? [];

    [Parameter("ACME directory URL, e.g. " + CertificateSettings.LetsEncrypt + "; unset: a self-signed certificate")]
    string? AcmeDirectory => TryGetValue(() => AcmeDirectory);

    [Parameter("E-mail for the ACME account; unset: registers without one")]
    string? AcmeEmail => TryGetValue(() => AcmeEmail);

    [Parameter("PEM bundle to trust for a test ACME server's HTTPS (pebble); never for Let's Encrypt")]
    AbsolutePath? AcmeCaBundle => TryGetValue(() => AcmeCaBundle);

    [Parameter("Docker network certbot joins to reach the ACME server (a test server); default: the default bridge")]
    string? CertificateNetwork => TryGetValue(() => CertificateNetwork);

    [Parameter("The running edge container to reload (default: pazpaz-<env>-proxy-1 with --environment, else pazpaz-proxy)")]
    string ProxyContainer => TryGetValue(() => ProxyContainer) ?? (CertificateProject is { } project ? $"{project}-proxy-1" : "pazpaz-proxy");

    [Parameter("Volume the proxy mounts at /etc/pazpaz/tls (default: pazpaz-<env>_tls with --environment, else pazpaz-tls)")]
    string CertificateVolume => TryGetValue(() => CertificateVolume) ?? (CertificateProject is { } project ? $"{project}_tls" : "pazpaz-tls");

    [Parameter("Volume with certbot's account and lineages (default: pazpaz-<env>_letsencrypt with --environment, else pazpaz-letsencrypt)")]
    string AcmeStateVolume => TryGetValue(() => AcmeStateVolume) ?? (CertificateProject is { } project ? $"{project}_letsencrypt" : "pazpaz-letsencrypt");

    [Parameter("Volume the proxy serves at /.well-known/acme-challenge/ (default: pazpaz-<env>_acme-webroot with --environment, else pazpaz-acme-webroot)")]
    string WebrootVolume => TryGetValue(() => WebrootVolume) ?? (CertificateProject is { } project ? $"{project}_acme-webroot" : "pazpaz-acme-webroot");

    [Parameter("certbot image; default: the one DockerBuild just built")]
    string? CertbotImage => TryGetValue(() => CertbotImage);

    [Parameter("Renew now even when not due (a compromised key, a test)")]
    bool ForceRenewal => TryGetValue<bool>(() => ForceRenewal) ?? false;

    [Parameter("Print the certificate plans for the current state and change nothing")]
    bool CertificatesPlanOnly => TryGetValue<bool>(() => CertificatesPlanOnly) ?? false;

    CertificateSettings CertificateSettings => new CertificateSettings
    {
        Domains = CertificateDomains,
        CertbotImage = CertbotImage ?? ImageVersion.Tags(Images.Single(i => i.Name == "certbot"))[0],
        AcmeDirectory = AcmeDirectory is { Length: > 0 } url ? new Uri(url, UriKind.RelativeOrAbsolute) : null,
        Email = AcmeEmail,
        AcmeCaBundle = AcmeCaBundle,
        Network = CertificateNetwork,
        ProxyContainer = ProxyContainer,
        CertificateVolume = CertificateVolume,
        AcmeStateVolume = AcmeStateVolume,
        WebrootVolume = WebrootVolume,
        ForceRenewal = ForceRenewal,
    }.EnsureValid();

    Target Certificates => _ => _
        .Description("Issues or renews the edge's TLS certificate (certbot http-01 webroot, or self-signed without --acme-directory) and reloads nginx when it changed")
        .DependsOn(DockerBuild)
        .Requires(() => CertificateDomains.Length > 0)
        .Executes(() =>
        {
            var renewal = new CertificateRenewal(CertificateSettings, new ProcessStepRunner(), new DockerCertificateStateProbe());
            if (CertificatesPlanOnly)
            {
                Log.Information("{Plan}", renewal.Preview());
                return;
            }
            var outcome = renewal.Run();
            if (outcome.After.NotAfter is { } notAfter)
            {
                var environment = DeployEnvironment is { Length: > 0 } name ? name : "standalone";
                Log.Information("Certificate expires {NotAfter:u}; metric in {File}", notAfter, Delivery.Metrics.TextfileMetrics.WriteTo(MetricsDirectory,
                    $"certificate_{environment}", CertificateMetrics.Render(environment, CertificateDomains[0], notAfter)));
            }
            ReportSummary(_ => _
                .AddPair("Mode", CertificateSettings.SelfSigned ? "self-signed" : "ACME")
                .AddPair("Steps", outcome.StepsRun)
                .AddPair("Reloaded", outcome.Reloaded ? "yes" : "no"));
        });
}
