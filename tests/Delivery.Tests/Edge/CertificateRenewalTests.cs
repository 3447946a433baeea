using Delivery.Edge;
using Delivery.Execution;

namespace Delivery.Tests.Edge;

/// <summary>The orchestration against recorded steps and scripted states: what runs, in which order, and when nginx reloads.</summary>
public sealed class CertificateRenewalTests
{
    static readonly CertificateSettings Acme = new()
    {
        Domains = ["app.pazpaz.example"], CertbotImage = "pazpaz/certbot:1.2.3", AcmeDirectory = new Uri(CertificateSettings.LetsEncrypt),
    };

    static readonly CertificateState Issued = CertificateState.Empty with
    {
        Installed = true, ExpiresSoon = false, LineageExists = true, LineageDomains = ["app.pazpaz.example"], ProxyRunning = true,
    };

    sealed class RecordingRunner : IStepRunner
    {
        public List<string> Descriptions { get; } = [];
        public void Run(Plan plan) => Descriptions.AddRange(plan.Steps.Select(s => s.Description));
    }

    sealed class ScriptedProbe(params CertificateState[] states) : ICertificateStateProbe
    {
        int _read;
        public CertificateState Read(CertificateSettings settings) => states[Math.Min(_read++, states.Length - 1)];
    }

    [Fact]
    public void A_renewal_that_was_not_due_runs_certbot_only()
    {
        var runner = new RecordingRunner();

        var outcome = new CertificateRenewal(Acme, runner, new ScriptedProbe(Issued, Issued)).Run();

        Assert.Equal(["certbot renew (the deploy hook installs a renewed certificate)"], runner.Descriptions);
        Assert.False(outcome.Reloaded);
    }

    [Fact]
    public void A_renewal_the_hook_installed_is_checked_reloaded_and_cleared()
    {
        var runner = new RecordingRunner();

        var outcome = new CertificateRenewal(Acme, runner, new ScriptedProbe(Issued, Issued with { ReloadPending = true })).Run();

        Assert.Equal(
        [
            "certbot renew (the deploy hook installs a renewed certificate)",
            "Check nginx's configuration with the new certificate",
            "Reload nginx (new workers take the certificate; open connections finish)",
            "Clear the reload marker",
        ], runner.Descriptions);
        Assert.True(outcome.Reloaded);
        Assert.Equal(4, outcome.StepsRun);
    }
}
