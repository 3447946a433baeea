using System.Text;
using Delivery.Images;

namespace Delivery.Tests.Images;

public sealed class BuildCertificatesTests
{
    [Fact]
    public void The_hosts_extra_certificates_are_concatenated_in_a_stable_order()
    {
        var directory = Directory.CreateTempSubdirectory("ca-");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "b-proxy.crt"), "-----BEGIN CERTIFICATE-----\nB\n-----END CERTIFICATE-----\n\n");
            File.WriteAllText(Path.Combine(directory.FullName, "a-corp.crt"), "-----BEGIN CERTIFICATE-----\nA\n-----END CERTIFICATE-----");
            File.WriteAllText(Path.Combine(directory.FullName, "notes.txt"), "not a certificate");

            var pem = Encoding.ASCII.GetString(BuildCertificates.ContextFiles(directory.FullName)[BuildCertificates.FileName]);

            Assert.Equal("-----BEGIN CERTIFICATE-----\nA\n-----END CERTIFICATE-----\n-----BEGIN CERTIFICATE-----\nB\n-----END CERTIFICATE-----\n", pem);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_host_without_extra_certificates_gives_an_empty_file_so_dockerfiles_can_always_copy_it()
    {
        Assert.Empty(BuildCertificates.ContextFiles("/no/such/directory")[BuildCertificates.FileName]);
    }
}
