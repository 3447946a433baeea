using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using BuildEngine.IO;
using BuildEngine.Tooling;
using Delivery.Edge;
using Delivery.Execution;
using Delivery.Images;
using Mount = Docker.DotNet.Models.Mount;
using Integration.Tests.Bootstrap;
using Integration.Tests.Images;

namespace Integration.Tests.Edge;

/// <summary>
/// The Certificates stage for real: the certbot image against Debian's pebble, through the proxy image's nginx on a
/// private network (the proxy's alias is the domain, so pebble's http-01 request reaches its port 8080 by Docker DNS).
/// The served certificate is read over TLS from the proxy's loopback-published 8443.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class CertificateTests(DockerFixture docker)
{
    const string Domain = "app.pazpaz.test";
    const string Network = "certificates";

    [Fact]
    public async Task Self_signed_first_then_pebble_issues_through_nginx_and_a_forced_renewal_is_served_after_the_hook_reloads()
    {
        var (proxyImage, certbotImage) = (await docker.BuildAsync("proxy"), await docker.BuildAsync("certbot"));
        var pebbleImage = await new ImageBuilder(docker.Client).BuildAsync(
            new ImageDefinition("pebble-test", AbsolutePath.Create(RepositoryCopy.SourceRoot) / "tests" / "Integration.Tests" / "Edge" / "Acme"), DockerFixture.Version);
        await docker.CreateNetworkAsync(Network);
        var local = new CertificateSettings
        {
            Domains = [Domain], CertbotImage = certbotImage.Id, Network = DockerFixture.NameOf(Network), ProxyContainer = DockerFixture.NameOf("certificates-proxy"),
            CertificateVolume = DockerFixture.NameOf("tls"), AcmeStateVolume = DockerFixture.NameOf("letsencrypt"), WebrootVolume = DockerFixture.NameOf("acme-webroot"),
        };

        // 1. Local: no ACME server; a self-signed certificate lets the proxy start, and the proxy serves it.
        var selfSigned = Renew(local);
        Assert.False(selfSigned.Reloaded);
        Assert.True(selfSigned.After is { Installed: true, SelfSigned: true, ReloadPending: true });
        Assert.False(new DockerCertificateStateProbe().Read(local).ReloadPending, "the marker outlived a run with no proxy to reload");
        var proxy = await docker.RunAsync(new ContainerSpec("certificates-proxy", proxyImage.Id)
        {
            Network = Network, Alias = Domain, PublishPorts = [8443],
            ExtraHosts = ["api-blue:127.0.0.1", "web:127.0.0.1"],
            Environment = ["PAZPAZ_SERVER_NAME=" + Domain],
            Mounts =
            [
                new Mount { Type = "volume", Source = local.CertificateVolume, Target = CertificatePlanner.TlsPath, ReadOnly = true },
                new Mount { Type = "volume", Source = local.WebrootVolume, Target = CertificatePlanner.WebrootPath, ReadOnly = true },
            ],
        });
        Assert.True(await docker.WaitForHealthAsync(proxy.Id, TimeSpan.FromSeconds(30)) == "healthy", "proxy: " + await docker.LogsAsync(proxy.Id));
        var served = await ServedCertificateAsync(proxy.Ports[8443]);
        Assert.Equal(served.Subject, served.Issuer);
        Assert.Contains(Domain, served.GetNameInfo(X509NameType.DnsName, false));

        // 2. ACME: certbot certonly from pebble through this nginx's webroot; the hook installs it and nginx reloads.
        var pebble = await docker.RunAsync(new ContainerSpec("certificates-pebble", pebbleImage.Id) { Network = Network, Alias = "pebble" });
        Assert.True(await docker.WaitForHealthAsync(pebble.Id, TimeSpan.FromSeconds(30)) == "healthy", "pebble: " + await docker.LogsAsync(pebble.Id));
        var caBundle = docker.WorkDirectory / "pebble-ca.pem";
        File.WriteAllText(caBundle, ProcessTasks.Probe("docker", ["run", "--rm", "--entrypoint", "cat", pebbleImage.Id, "/etc/pebble/ca.pem"], TimeSpan.FromSeconds(30)).StandardOutput + "\n");
        var acme = local with { AcmeDirectory = new Uri("https://pebble:14000/dir"), AcmeCaBundle = caBundle };

        var issued = Renew(acme);
        Assert.True(issued.Reloaded, "the deploy hook did not report the new certificate");
        Assert.True(issued.After is { LineageExists: true, SelfSigned: false });
        var fromPebble = await ServedAfterReloadAsync(proxy.Ports[8443], served.SerialNumber);
        Assert.Contains("Pebble", fromPebble.Issuer);
        Assert.Contains(Domain, fromPebble.GetNameInfo(X509NameType.DnsName, false));

        // 3. Not due: certbot renews nothing, the hook does not run, nginx is not reloaded, the same certificate is served.
        var notDue = Renew(acme);
        Assert.False(notDue.Reloaded);
        Assert.Equal(fromPebble.SerialNumber, (await ServedCertificateAsync(proxy.Ports[8443])).SerialNumber);

        // 4. Forced renewal: a new certificate through the webroot again; after the hook's reload nginx serves it.
        var renewed = Renew(acme with { ForceRenewal = true });
        Assert.True(renewed.Reloaded, "the forced renewal did not run the deploy hook");
        var afterRenewal = await ServedAfterReloadAsync(proxy.Ports[8443], fromPebble.SerialNumber);
        Assert.Contains("Pebble", afterRenewal.Issuer);
        Assert.NotEqual(fromPebble.Thumbprint, afterRenewal.Thumbprint);
        Assert.DoesNotContain("[emerg]", await docker.LogsAsync(proxy.Id));
    }

    static CertificateOutcome Renew(CertificateSettings settings) =>
        new CertificateRenewal(settings, new ProcessStepRunner(), new DockerCertificateStateProbe()).Run();

    /// <summary>nginx -s reload returns before the new workers answer; old workers may serve one more handshake.</summary>
    static async Task<X509Certificate2> ServedAfterReloadAsync(int port, string previousSerial)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            var certificate = await ServedCertificateAsync(port);
            if (certificate.SerialNumber != previousSerial || DateTime.UtcNow > deadline)
                return Assert.IsType<X509Certificate2>(certificate.SerialNumber != previousSerial ? certificate : null);
            await Task.Delay(200);
        }
    }

    static async Task<X509Certificate2> ServedCertificateAsync(int port)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        X509Certificate2? served = null;
        await using var tls = new SslStream(client.GetStream());
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = Domain,
            // Only reading what is served: the chain is pebble's random root or self-signed by design.
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            {
                served = certificate is null ? null : new X509Certificate2(certificate);
                return true;
            },
        });
        return served ?? throw new InvalidOperationException("The proxy presented no certificate.");
    }
}
