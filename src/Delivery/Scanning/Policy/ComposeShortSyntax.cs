using System.Globalization;

namespace Delivery.Scanning.Policy;

/// <summary>A published port: the host address (null: every interface), and the container ports it covers (a range is several).</summary>
public sealed record PortBinding(string? HostIp, IReadOnlyList<int> ContainerPorts)
{
    public bool OnLoopback => HostIp is { } ip && (ip.StartsWith("127.", StringComparison.Ordinal) || ip is "::1" or "[::1]" or "localhost");
}

/// <summary>
/// Compose's colon-separated short forms (<c>ports</c>, <c>volumes</c>), split at the colons that are separators: not
/// those inside <c>${VAR:?message}</c> or a bracketed IPv6 address.
/// </summary>
public static class ComposeShortSyntax
{
    /// <summary><c>[HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]</c>; null when the container port is a variable.</summary>
    public static PortBinding? Port(string value)
    {
        var parts = SplitColons(value);
        var hostIp = parts.Count >= 3 ? string.Join(':', parts.Take(parts.Count - 2)) : null;
        var container = parts[^1].Split('/')[0];
        var range = container.Split('-');
        if (!int.TryParse(range[0], NumberStyles.None, CultureInfo.InvariantCulture, out var first))
            return null;
        var last = range.Length == 2 && int.TryParse(range[1], NumberStyles.None, CultureInfo.InvariantCulture, out var end) ? end : first;
        return new PortBinding(string.IsNullOrEmpty(hostIp) ? null : hostIp, Enumerable.Range(first, Math.Max(1, last - first + 1)).ToList());
    }

    /// <summary>The host side of <c>SOURCE:TARGET[:MODE]</c>; null for an anonymous volume (<c>TARGET</c> alone).</summary>
    public static string? VolumeSource(string value)
    {
        var parts = SplitColons(value);
        return parts.Count >= 2 ? parts[0] : null;
    }

    public static IReadOnlyList<string> SplitColons(string value)
    {
        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            switch (value[i])
            {
                case '$' when i + 1 < value.Length && value[i + 1] == '{':
                    depth++;
                    i++;
                    break;
                case '[':
                    depth++;
                    break;
                case '}' or ']' when depth > 0:
                    depth--;
                    break;
                case ':' when depth == 0:
                    parts.Add(value[start..i]);
                    start = i + 1;
                    break;
            }
        }
        parts.Add(value[start..]);
        return parts;
    }
}
