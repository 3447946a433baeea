using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BuildEngine.IO;

namespace Integration.Tests.Edge;

/// <summary>
/// A throwaway CA and a server certificate it signed (ECDSA P-256, 90 days like Let's Encrypt's), written as PEM the way the proxy mounts
/// them, so clients (HttpClient, openssl, testssl --add-ca) verify the chain instead of skipping verification.
/// </summary>
public sealed class TestCertificateAuthority
{
    public X509Certificate2 Root { get; }
    public X509Certificate2 Server { get; }

    public TestCertificateAuthority(string serverName)
    {
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootRequest = new CertificateRequest("CN=PazPaz integration test CA", rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        rootRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(rootRequest.PublicKey, false));
        Root = rootRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(91));

        var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={serverName}", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(serverName);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Root, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var signed = request.Create(Root, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(89), serial);
        Server = signed.CopyWithPrivateKey(serverKey);
    }

    /// <summary>Writes fullchain.pem, privkey.pem (readable by the proxy's uid: the folder is a test's own) and ca.pem.</summary>
    public AbsolutePath WriteTo(AbsolutePath directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(directory / "fullchain.pem", Server.ExportCertificatePem() + "\n" + Root.ExportCertificatePem() + "\n");
        File.WriteAllText(directory / "privkey.pem", Server.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem() + "\n");
        File.WriteAllText(directory / "ca.pem", Root.ExportCertificatePem() + "\n");
        if (!OperatingSystem.IsWindows())
        {
            foreach (var file in new[] { "fullchain.pem", "privkey.pem", "ca.pem" })
                File.SetUnixFileMode(directory / file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
        return directory;
    }

    /// <summary>Accepts exactly the chains that end in this CA (the system store is not consulted).</summary>
    public bool Validates(X509Certificate2? certificate)
    {
        if (certificate is null)
            return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }
}
