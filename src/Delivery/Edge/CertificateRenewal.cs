using Delivery.Execution;
using Serilog;

namespace Delivery.Edge;

/// <summary>What a run did, for the summary table and the tests.</summary>
public sealed record CertificateOutcome(CertificateState Before, CertificateState After, bool Reloaded, int StepsRun);

/// <summary>
/// The <c>Certificates</c> stage as a script: read the state, prepare (volumes, self-signed fallback), obtain or renew,
/// read the state again, and reload the proxy only when the deploy hook installed a new certificate. Nothing is undone
/// on failure: certbot keeps the old lineage, the proxy keeps serving the installed pair, and a reload that failed leaves
/// its marker for the next run.
/// </summary>
public sealed class CertificateRenewal(CertificateSettings settings, IStepRunner runner, ICertificateStateProbe probe)
{
    readonly CertificateSettings _settings = settings.EnsureValid();

    public CertificateOutcome Run()
    {
        Log.Information("Read the certificate state...");
        var before = probe.Read(_settings);
        var steps = Execute(CertificatePlanner.Prepare(_settings, before));
        steps += Execute(CertificatePlanner.Acquire(_settings, before));

        Log.Information("Read the certificate state after the deploy hook...");
        var after = probe.Read(_settings);
        var reload = CertificatePlanner.Reload(_settings, after);
        steps += Execute(reload);
        return new CertificateOutcome(before, after, Reloaded: after.ReloadPending && after.ProxyRunning, steps);
    }

    /// <summary>The plans as they stand now, without running them; the reload is decided by what the hook reports.</summary>
    public string Preview()
    {
        var state = probe.Read(_settings);
        var acquire = _settings.SelfSigned || state.ProxyRunning
            ? CertificatePlanner.Acquire(_settings, state).Render()
            : $"ACME: needs the proxy '{_settings.ProxyContainer}' running (it is not)";
        return string.Join(Environment.NewLine, CertificatePlanner.Prepare(_settings, state).Render(), acquire,
            $"Reload '{_settings.ProxyContainer}': nginx -t and nginx -s reload only if the deploy hook installs a new certificate");
    }

    int Execute(Plan plan)
    {
        Log.Information("{Plan}", plan.Render());
        runner.Run(plan);
        return plan.Steps.Count;
    }
}
