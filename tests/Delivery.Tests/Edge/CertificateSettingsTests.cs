using Delivery.Edge;

namespace Delivery.Tests.Edge;

public sealed class CertificateSettingsTests
{
    static readonly CertificateSettings Valid = new() { Domains = ["app.pazpaz.example"], CertbotImage = "pazpaz/certbot:1.2.3" };

    [Fact]
    public void Defaults_are_usable_and_self_signed()
    {
        Assert.Empty(Valid.Problems());
        Assert.True(Valid.SelfSigned);
    }

    [Fact]
    public void Every_problem_is_reported_at_once_naming_the_parameter()
    {
        var settings = Valid with
        {
            Domains = ["*.pazpaz.example", "bad name", "bad name"],
            AcmeDirectory = new Uri("http://acme.example/directory"),
            Email = "not-an-address",
            CertificateVolume = "pazpaz-acme-webroot",
            ProxyContainer = "-proxy",
        };

        var error = Assert.Throws<CertificateSettingsException>(() => settings.EnsureValid()).Message;

        Assert.Contains("CertificateDomains: '*.pazpaz.example' is a wildcard, which http-01 (webroot) cannot prove", error);
        Assert.Contains("CertificateDomains: 'bad name' is not a host name", error);
        Assert.Contains("CertificateDomains lists a name twice", error);
        Assert.Contains("AcmeDirectory (--acme-directory): 'http://acme.example/directory' must be an https:// ACME directory URL", error);
        Assert.Contains("AcmeEmail (--acme-email): 'not-an-address' is not an e-mail address.", error);
        Assert.Contains("must be three different volumes", error);
        Assert.Contains("ProxyContainer (--proxy-container): '-proxy' is not a container name", error);
    }

    [Fact]
    public void Acme_only_settings_without_an_acme_directory_are_refused_rather_than_ignored()
    {
        var problems = (Valid with { Email = "ops@pazpaz.example", ForceRenewal = true, AcmeCaBundle = BuildEngine.IO.AbsolutePath.Create("/nonexistent/ca.pem") }).Problems();

        Assert.Contains(problems, p => p.StartsWith("AcmeEmail is set but AcmeDirectory is not", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("AcmeCaBundle is set but AcmeDirectory is not", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("ForceRenewal needs an ACME directory", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'/nonexistent/ca.pem' does not exist", StringComparison.Ordinal));
    }

    [Fact]
    public void No_domains_says_how_to_give_them()
    {
        Assert.Equal("CertificateDomains (--certificate-domains) is empty: give the public host names, e.g. --certificate-domains app.pazpaz.example.",
            Assert.Single((Valid with { Domains = [] }).Problems()));
    }
}
