using System.Text;

namespace Delivery.Images;

/// <summary>
/// The extra CA certificates this host trusts beyond the system defaults (a TLS-inspecting proxy's, typically), handed
/// to image builds as <c>build-ca.pem</c> in the context. Dockerfiles copy it into build stages only; it is generated
/// at build time, never committed and never in a final image. Empty when the host has none.
/// </summary>
public static class BuildCertificates
{
    public const string FileName = "build-ca.pem";
    public const string HostDirectory = "/usr/local/share/ca-certificates";

    public static IReadOnlyDictionary<string, byte[]> ContextFiles(string directory = HostDirectory)
    {
        var pem = new StringBuilder();
        if (Directory.Exists(directory))
        {
            foreach (var file in Directory.EnumerateFiles(directory, "*.crt", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                pem.Append(File.ReadAllText(file).TrimEnd()).Append('\n');
        }
        return new Dictionary<string, byte[]> { [FileName] = Encoding.ASCII.GetBytes(pem.ToString()) };
    }
}
