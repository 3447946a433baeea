using System.Text;

namespace Delivery.Scanning.Sbom;

/// <summary>Package URLs (https://github.com/package-url/purl-spec) for Debian packages, as vulnerability databases match them.</summary>
public static class PackageUrl
{
    /// <summary><c>pkg:deb/debian/passwd@1%3A4.17.4-2?arch=amd64&amp;distro=debian-13</c>: the version's epoch colon and plus signs percent-encoded.</summary>
    public static string Deb(string name, string version, string architecture, string distro) =>
        $"pkg:deb/debian/{Encode(name.ToLowerInvariant())}@{Encode(version)}?arch={Encode(architecture)}&distro={Encode(distro)}";

    /// <summary>Percent-encodes all but the unreserved characters, as the purl libraries do (so <c>+</c> is <c>%2B</c>).</summary>
    static string Encode(string value)
    {
        var encoded = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9' or (byte)'.' or (byte)'-' or (byte)'_' or (byte)'~')
                encoded.Append((char)b);
            else
                encoded.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return encoded.ToString();
    }
}
