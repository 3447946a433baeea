using System.Text.RegularExpressions;

namespace Delivery.Deployment;

/// <summary>The nginx upstream include the switch rewrites (nginx/upstreams/api-live.conf and api-preview.conf).</summary>
public static partial class UpstreamFile
{
    public const string Directory = "/etc/nginx/pazpaz/live/upstreams";
    public const string Live = "api-live.conf";
    public const string Preview = "api-preview.conf";

    /// <summary>
    /// A static address, not a name: nginx resolves names only at load, and a restarted container keeps its address.
    /// A backup (the old colour, while it stays warm during the bake) takes the requests the new one cannot: nginx retries
    /// idempotent requests, and any request that never reached it, there (proxy_next_upstream error timeout).
    /// </summary>
    public static string Render(string upstream, string address, Colour colour, int keepalive, string? backup = null) =>
        $"# Written by the deploy engine: {upstream} -> the {colour.Name()} slot{(backup is null ? "" : ", the other as backup")}.\n" +
        $"upstream {upstream} {{\n    server {address}:8000;\n" +
        (backup is null ? "" : $"    server {backup}:8000 backup;\n") +
        $"    keepalive {keepalive};\n}}\n";

    public static string RenderLive(Topology topology, Colour colour, bool withBackup = false) =>
        Render("api_live", topology.Address(colour), colour, 32, withBackup ? topology.Address(colour.Other()) : null);

    public static string RenderPreview(Topology topology, Colour colour) => Render("api_preview", topology.Address(colour), colour, 8);

    /// <summary>The address a rendered (or the default) include sends to, or null when it names none.</summary>
    public static string? AddressIn(string content) => Server().Match(content) is { Success: true } match ? match.Groups[1].Value : null;

    [GeneratedRegex(@"^\s*server\s+([^\s:;]+):8000\b", RegexOptions.Multiline)]
    private static partial Regex Server();
}
