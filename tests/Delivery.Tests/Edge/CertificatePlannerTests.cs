using Delivery.Edge;
using Delivery.Execution;

namespace Delivery.Tests.Edge;

public sealed class CertificatePlannerTests
{
    static readonly CertificateSettings Local = new() { Domains = ["app.pazpaz.test"], CertbotImage = "pazpaz/certbot:1.2.3" };

    static readonly CertificateSettings Acme = Local with
    {
        Domains = ["app.pazpaz.example", "www.pazpaz.example"],
        AcmeDirectory = new Uri(CertificateSettings.LetsEncrypt),
        Email = "ops@pazpaz.example",
    };

    static readonly CertificateState Running = CertificateState.Empty with { ProxyRunning = true };

    static readonly CertificateState Issued = Running with
    {
        Installed = true, ExpiresSoon = false, LineageExists = true,
        LineageDomains = ["app.pazpaz.example", "www.pazpaz.example"], LineageServer = CertificateSettings.LetsEncrypt,
    };

    const string Hardened = "docker run --rm --read-only --tmpfs /tmp:rw,noexec,nosuid,size=64m --cap-drop ALL --security-opt no-new-privileges:true";
    const string AllVolumes = "--volume pazpaz-tls:/etc/pazpaz/tls --volume pazpaz-letsencrypt:/etc/letsencrypt --volume pazpaz-acme-webroot:/var/www/acme";

    static string Text(params Plan[] plans) => string.Join("\n", plans.Select(p => p.Render())).ReplaceLineEndings("\n");

    [Fact]
    public void Local_without_a_certificate_gets_a_self_signed_one_and_no_acme()
    {
        var text = Text(CertificatePlanner.Prepare(Local, CertificateState.Empty), CertificatePlanner.Acquire(Local, CertificateState.Empty));

        Assert.Equal(
            """
            Prepare the edge certificate (self-signed):
              1. Issue a self-signed certificate for app.pazpaz.test (no certificate yet)
                 docker run --rm --read-only --tmpfs /tmp:rw,noexec,nosuid,size=64m --cap-drop ALL --security-opt no-new-privileges:true --volume pazpaz-tls:/etc/pazpaz/tls pazpaz/certbot:1.2.3 pazpaz-self-signed app.pazpaz.test
            ACME: self-signed mode (no AcmeDirectory): nothing to do
            """.ReplaceLineEndings("\n"), text);
    }

    [Fact]
    public void A_valid_self_signed_certificate_is_kept_and_one_near_expiry_is_reissued()
    {
        var valid = CertificateState.Empty with { Installed = true, ExpiresSoon = false, SelfSigned = true };

        Assert.True(CertificatePlanner.Prepare(Local, valid).IsEmpty);
        Assert.Contains("(expires within 30 days)", CertificatePlanner.Prepare(Local, valid with { ExpiresSoon = true }).Render());
    }

    [Fact]
    public void A_first_acme_run_installs_a_placeholder_then_runs_certonly_through_the_webroot()
    {
        var text = Text(CertificatePlanner.Prepare(Acme, Running), CertificatePlanner.Acquire(Acme, Running));

        Assert.Contains("Issue a self-signed certificate for app.pazpaz.example, www.pazpaz.example (placeholder so nginx can start and answer the first http-01 challenge)", text);
        Assert.Contains($"{Hardened} {AllVolumes} pazpaz/certbot:1.2.3 certbot certonly --non-interactive --config-dir /etc/letsencrypt " +
                        "--work-dir /tmp/certbot --logs-dir /etc/letsencrypt/logs --cert-name pazpaz --deploy-hook /usr/local/bin/pazpaz-deploy-hook " +
                        "--server https://acme-v02.api.letsencrypt.org/directory --agree-tos --email ops@pazpaz.example --no-eff-email " +
                        "--webroot --webroot-path /var/www/acme --domains app.pazpaz.example,www.pazpaz.example", text);
        Assert.DoesNotContain("renew", text);
    }

    [Fact]
    public void An_issued_lineage_is_renewed_with_the_deploy_hook_and_without_the_random_sleep()
    {
        var plan = CertificatePlanner.Acquire(Acme, Issued);

        Assert.True(CertificatePlanner.Prepare(Acme, Issued).IsEmpty);
        Assert.Equal(
            $"{Hardened} {AllVolumes} pazpaz/certbot:1.2.3 certbot renew --non-interactive --config-dir /etc/letsencrypt --work-dir /tmp/certbot " +
            "--logs-dir /etc/letsencrypt/logs --cert-name pazpaz --deploy-hook /usr/local/bin/pazpaz-deploy-hook --no-random-sleep-on-renew",
            Assert.Single(plan.Steps).ToString());
        Assert.EndsWith("--force-renewal", CertificatePlanner.Acquire(Acme with { ForceRenewal = true }, Issued).Steps[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_test_acme_server_is_reached_on_its_network_and_trusted_through_the_mounted_bundle()
    {
        var bundle = BuildEngine.IO.AbsolutePath.Create(Path.GetTempFileName());
        var settings = Acme with { AcmeDirectory = new Uri("https://pebble:14000/dir"), Email = null, Network = "pazpaz-it-edge", AcmeCaBundle = bundle };

        var command = CertificatePlanner.Acquire(settings, Running).Steps[0].ToString();

        Assert.Contains($"--network pazpaz-it-edge {AllVolumes} --mount type=bind,source={bundle},target=/etc/pazpaz/acme-ca.pem,readonly " +
                        "--env REQUESTS_CA_BUNDLE=/etc/pazpaz/acme-ca.pem pazpaz/certbot:1.2.3 certbot certonly", command);
        Assert.Contains("--register-unsafely-without-email", command);
        File.Delete(bundle);
    }

    [Fact]
    public void A_renewal_that_changed_nothing_does_not_reload_nginx()
    {
        var plan = CertificatePlanner.Reload(Acme, Issued with { ReloadPending = false });

        Assert.True(plan.IsEmpty);
        Assert.Equal("Reload 'pazpaz-proxy' (the deploy hook reported no new certificate): nothing to do", plan.Render());
    }

    [Fact]
    public void A_new_certificate_is_checked_with_nginx_t_then_reloaded_then_the_marker_cleared()
    {
        var plan = CertificatePlanner.Reload(Acme with { ProxyContainer = "edge-1" }, Issued with { ReloadPending = true });

        Assert.Equal(
        [
            "docker exec edge-1 nginx -t -q",
            "docker exec edge-1 nginx -s reload",
            $"{Hardened} --volume pazpaz-tls:/etc/pazpaz/tls pazpaz/certbot:1.2.3 rm -f /etc/pazpaz/tls/.reload-pending",
        ], plan.Steps.Select(s => s.ToString()));
    }

    [Fact]
    public void Without_a_running_proxy_the_marker_is_cleared_and_nothing_is_reloaded()
    {
        var plan = CertificatePlanner.Reload(Local, CertificateState.Empty with { ReloadPending = true });

        Assert.DoesNotContain("nginx", string.Join("\n", plan.Steps.Select(s => s.ToString())));
        Assert.Contains("it loads the certificate when it starts", Assert.Single(plan.Steps).Description);
    }

    [Fact]
    public void Volumes_another_container_created_are_handed_over_with_only_chown_and_fowner()
    {
        var plan = CertificatePlanner.Prepare(Local, CertificateState.Empty with { VolumesReady = false });

        Assert.Equal("docker run --rm --read-only --user 0:0 --cap-drop ALL --cap-add CHOWN --cap-add FOWNER --security-opt no-new-privileges:true " +
                     $"{AllVolumes} pazpaz/certbot:1.2.3 pazpaz-prepare-volumes", plan.Steps[0].ToString());
    }

    [Fact]
    public void Acme_without_a_running_proxy_fails_with_what_to_start()
    {
        var error = Assert.Throws<CertificateException>(() => CertificatePlanner.Acquire(Acme, CertificateState.Empty));

        Assert.Contains("The proxy container 'pazpaz-proxy' is not running", error.Message);
        Assert.Contains("--proxy-container", error.Message);
    }

    [Fact]
    public void A_lineage_for_other_domains_or_another_server_is_not_silently_renewed()
    {
        var domains = Assert.Throws<CertificateException>(() => CertificatePlanner.Acquire(Acme, Issued with { LineageDomains = ["old.pazpaz.example"] }));
        var server = Assert.Throws<CertificateException>(() => CertificatePlanner.Acquire(Acme, Issued with { LineageServer = "https://acme-staging-v02.api.letsencrypt.org/directory" }));

        Assert.Contains("covers old.pazpaz.example but CertificateDomains is app.pazpaz.example, www.pazpaz.example", domains.Message);
        Assert.Contains("certbot delete --non-interactive", domains.Message);
        Assert.Contains("was issued by https://acme-staging-v02.api.letsencrypt.org/directory", server.Message);
    }

    [Fact]
    public void The_state_probe_output_is_parsed_and_an_older_image_is_named()
    {
        const string output = "volumes-ready=yes\ninstalled=yes\nexpires-soon=no\nself-signed=no\nlineage=yes\n" +
                              "lineage-domains=app.pazpaz.example,www.pazpaz.example\nlineage-server=https://acme.example/dir\nreload-pending=yes\n";

        var state = CertificateState.Parse(output, proxyRunning: true);

        Assert.Equal(Issued with { LineageServer = "https://acme.example/dir", ReloadPending = true, LineageDomains = state.LineageDomains }, state);
        Assert.Equal(["app.pazpaz.example", "www.pazpaz.example"], state.LineageDomains);
        Assert.Contains("did not report volumes-ready, expires-soon, self-signed, lineage, lineage-domains, lineage-server, reload-pending", Assert.Throws<InvalidOperationException>(() => CertificateState.Parse("installed=yes", false)).Message);
        Assert.Null(state.NotAfter);
    }

    [Fact]
    public void The_installed_certificate_s_expiry_becomes_the_metric_the_expiry_alerts_read()
    {
        const string output = "volumes-ready=yes\ninstalled=yes\nexpires-soon=no\nself-signed=no\nlineage=yes\n" +
                              "lineage-domains=app.pazpaz.example\nlineage-server=\nreload-pending=no\nnot-after=1800000000\n";

        var notAfter = CertificateState.Parse(output, proxyRunning: true).NotAfter;

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000), notAfter);
        Assert.Null(CertificateState.Parse(output.Replace("not-after=1800000000", "not-after="), proxyRunning: true).NotAfter);
        Assert.Equal(
            "# HELP pazpaz_certificate_expiry_timestamp_seconds When the edge's installed TLS certificate expires (Unix time).\n" +
            "# TYPE pazpaz_certificate_expiry_timestamp_seconds gauge\n" +
            "pazpaz_certificate_expiry_timestamp_seconds{environment=\"prod\",certificate=\"app.pazpaz.example\"} 1800000000\n",
            CertificateMetrics.Render("prod", "app.pazpaz.example", notAfter!.Value));
    }
}
