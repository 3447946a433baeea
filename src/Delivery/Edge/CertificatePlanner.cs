using Delivery.Execution;

namespace Delivery.Edge;

/// <summary>
/// The edge's certificate as plans of <c>docker</c> commands, in three phases that each depend on what the one before
/// changed: <see cref="Prepare"/> (volumes, self-signed fallback), <see cref="Acquire"/> (certbot certonly or renew
/// through the proxy's webroot) and <see cref="Reload"/> (nginx -t and reload, only when the deploy hook installed a
/// new certificate). It never executes anything.
/// </summary>
public static class CertificatePlanner
{
    public const string TlsPath = "/etc/pazpaz/tls";
    public const string StatePath = "/etc/letsencrypt";
    public const string WebrootPath = "/var/www/acme";
    const string CaBundlePath = "/etc/pazpaz/acme-ca.pem";
    const string DeployHook = "/usr/local/bin/pazpaz-deploy-hook";

    /// <summary>Renew when fewer days than this remain (certbot's own default for ACME; the same rule for self-signed).</summary>
    public const int RenewalDays = 30;

    /// <summary>The command whose output <see cref="CertificateState.Parse"/> reads.</summary>
    public static Step StateProbe(CertificateSettings settings) =>
        Step.Run("Read the certificate volumes' state", Certbot(settings, allVolumes: true, ["pazpaz-certificate-state", settings.CertificateName]));

    public static Step ProxyProbe(CertificateSettings settings) =>
        Step.Run($"Is the proxy '{settings.ProxyContainer}' running?", "docker", "inspect", "--format", "{{.State.Running}}", settings.ProxyContainer);

    /// <summary>Volumes the certbot user can write, and a certificate the proxy can start with.</summary>
    public static Plan Prepare(CertificateSettings settings, CertificateState state)
    {
        settings.EnsureValid();
        var steps = new List<Step>();
        if (!state.VolumesReady)
            steps.Add(Step.Run("Give the volumes to the certbot user (10008) and the certificate volume's group to the proxy (10003)",
                ["docker", "run", "--rm", "--read-only", "--user", "0:0", "--cap-drop", "ALL", "--cap-add", "CHOWN", "--cap-add", "FOWNER",
                    "--security-opt", "no-new-privileges:true", .. Volumes(settings, allVolumes: true), settings.CertbotImage, "pazpaz-prepare-volumes"]));

        var reissueSelfSigned = settings.SelfSigned && (!state.Installed || state.ExpiresSoon);
        if (reissueSelfSigned || !settings.SelfSigned && !state.Installed)
        {
            var why = settings.SelfSigned
                ? state.Installed ? $"expires within {RenewalDays} days" : "no certificate yet"
                : "placeholder so nginx can start and answer the first http-01 challenge";
            steps.Add(Step.Run($"Issue a self-signed certificate for {string.Join(", ", settings.Domains)} ({why})",
                Certbot(settings, allVolumes: false, ["pazpaz-self-signed", .. settings.Domains])));
        }
        return new Plan($"Prepare the edge certificate ({(settings.SelfSigned ? "self-signed" : "ACME " + settings.AcmeDirectory)})", steps);
    }

    /// <summary>certbot certonly for a new lineage, certbot renew for an existing one; nothing for self-signed.</summary>
    public static Plan Acquire(CertificateSettings settings, CertificateState state)
    {
        settings.EnsureValid();
        if (settings.AcmeDirectory is not { } directory)
            return Plan.Empty("ACME: self-signed mode (no AcmeDirectory)");
        if (!state.ProxyRunning)
            throw new CertificateException(
                $"The proxy container '{settings.ProxyContainer}' is not running, so nothing answers the http-01 challenge on port 80. " +
                $"Start the proxy (it starts with the certificate now in volume '{settings.CertificateVolume}'), then run ./build.sh Certificates again, " +
                "or set --proxy-container to the running edge's name.");
        EnsureLineageMatches(settings, state, directory);

        string[] common = ["--non-interactive", "--config-dir", StatePath, "--work-dir", "/tmp/certbot", "--logs-dir", StatePath + "/logs",
            "--cert-name", settings.CertificateName, "--deploy-hook", DeployHook];
        if (!state.LineageExists)
        {
            string[] account = settings.Email is { } email ? ["--email", email, "--no-eff-email"] : ["--register-unsafely-without-email"];
            return new Plan($"Obtain a certificate from {directory}", [new Step(
                $"certbot certonly --webroot for {string.Join(", ", settings.Domains)} (http-01 through '{settings.ProxyContainer}')",
                Certbot(settings, allVolumes: true, ["certbot", "certonly", .. common, "--server", directory.ToString(), "--agree-tos", .. account,
                    "--webroot", "--webroot-path", WebrootPath, "--domains", string.Join(',', settings.Domains)]),
                Timeout: TimeSpan.FromMinutes(5))]);
        }
        // --no-random-sleep-on-renew: certbot otherwise sleeps up to 8 min without a terminal; the timer spreads the load instead.
        string[] force = settings.ForceRenewal ? ["--force-renewal"] : [];
        return new Plan($"Renew '{settings.CertificateName}' from {directory} when due (within {RenewalDays} days of expiry){(settings.ForceRenewal ? ", forced" : "")}",
            [new Step($"certbot renew{(settings.ForceRenewal ? " --force-renewal" : "")} (the deploy hook installs a renewed certificate)",
                Certbot(settings, allVolumes: true, ["certbot", "renew", .. common, "--no-random-sleep-on-renew", .. force]),
                Timeout: TimeSpan.FromMinutes(5))]);
    }

    /// <summary>After the deploy hook left <c>.reload-pending</c>: prove the configuration, reload, then clear the marker.</summary>
    public static Plan Reload(CertificateSettings settings, CertificateState state)
    {
        settings.EnsureValid();
        if (!state.ReloadPending)
            return Plan.Empty($"Reload '{settings.ProxyContainer}' (the deploy hook reported no new certificate)");
        var steps = new List<Step>();
        if (state.ProxyRunning)
        {
            steps.Add(Step.Run("Check nginx's configuration with the new certificate", "docker", "exec", settings.ProxyContainer, "nginx", "-t", "-q"));
            steps.Add(Step.Run("Reload nginx (new workers take the certificate; open connections finish)", "docker", "exec", settings.ProxyContainer, "nginx", "-s", "reload"));
        }
        // Cleared only after a successful reload: a failed one leaves the marker, so the next run tries again.
        steps.Add(Step.Run(state.ProxyRunning ? "Clear the reload marker" : "Clear the reload marker (the proxy is not running; it loads the certificate when it starts)",
            Certbot(settings, allVolumes: false, ["rm", "-f", TlsPath + "/.reload-pending"])));
        return new Plan($"Reload '{settings.ProxyContainer}' with the new certificate", steps);
    }

    static void EnsureLineageMatches(CertificateSettings settings, CertificateState state, Uri directory)
    {
        if (!state.LineageExists)
            return;
        var wanted = settings.Domains.Select(d => d.ToLowerInvariant()).Order(StringComparer.Ordinal);
        var have = state.LineageDomains.Select(d => d.ToLowerInvariant()).Order(StringComparer.Ordinal);
        var sameServer = state.LineageServer is null || string.Equals(state.LineageServer.TrimEnd('/'), directory.ToString().TrimEnd('/'), StringComparison.OrdinalIgnoreCase);
        if (wanted.SequenceEqual(have) && sameServer)
            return;
        var difference = sameServer
            ? $"covers {string.Join(", ", state.LineageDomains)} but CertificateDomains is {string.Join(", ", settings.Domains)}"
            : $"was issued by {state.LineageServer} but AcmeDirectory is {directory}";
        throw new CertificateException(
            $"The certbot lineage '{settings.CertificateName}' {difference}. Delete it and run ./build.sh Certificates again " +
            "(the proxy keeps serving the installed certificate until the new one replaces it): " +
            $"docker run --rm -v {settings.AcmeStateVolume}:{StatePath} {settings.CertbotImage} certbot delete --non-interactive " +
            $"--config-dir {StatePath} --work-dir /tmp/certbot --logs-dir {StatePath}/logs --cert-name {settings.CertificateName}");
    }

    /// <summary>A one-shot container of the certbot image as it must run: read-only root, no capabilities, scratch in /tmp.</summary>
    static string[] Certbot(CertificateSettings settings, bool allVolumes, string[] command)
    {
        List<string> arguments = ["docker", "run", "--rm", "--read-only", "--tmpfs", "/tmp:rw,noexec,nosuid,size=64m", "--cap-drop", "ALL",
            "--security-opt", "no-new-privileges:true"];
        if (settings.Network is { } network)
            arguments.AddRange(["--network", network]);
        arguments.AddRange(Volumes(settings, allVolumes));
        if (allVolumes && settings.AcmeCaBundle is { } bundle)
            arguments.AddRange(["--mount", $"type=bind,source={bundle},target={CaBundlePath},readonly", "--env", "REQUESTS_CA_BUNDLE=" + CaBundlePath]);
        arguments.Add(settings.CertbotImage);
        arguments.AddRange(command);
        return [.. arguments];
    }

    static string[] Volumes(CertificateSettings settings, bool allVolumes) => allVolumes
        ? ["--volume", $"{settings.CertificateVolume}:{TlsPath}", "--volume", $"{settings.AcmeStateVolume}:{StatePath}", "--volume", $"{settings.WebrootVolume}:{WebrootPath}"]
        : ["--volume", $"{settings.CertificateVolume}:{TlsPath}"];
}

public sealed class CertificateException(string message) : Exception(message);
