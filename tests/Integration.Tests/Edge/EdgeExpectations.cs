namespace Integration.Tests.Edge;

/// <summary>What the edge must send on every response, with exact values (docs/edge.md "Headers").</summary>
public static class EdgeExpectations
{
    public static readonly IReadOnlyDictionary<string, string> SecurityHeaders = new Dictionary<string, string>
    {
        ["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains",
        ["Content-Security-Policy"] = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; " +
            $"connect-src 'self' wss://{EdgeEnvironment.ServerName} https://o1.ingest.sentry.io; object-src 'none'; base-uri 'self'; form-action 'self'; " +
            "frame-ancestors 'none'; upgrade-insecure-requests",
        ["X-Content-Type-Options"] = "nosniff",
        ["X-Frame-Options"] = "DENY",
        ["Referrer-Policy"] = "no-referrer",
        ["Permissions-Policy"] = "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), fullscreen=(), geolocation=(), " +
            "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), picture-in-picture=(), publickey-credentials-get=(), " +
            "screen-wake-lock=(), sync-xhr=(self), usb=(), web-share=(), xr-spatial-tracking=()",
        ["Cross-Origin-Opener-Policy"] = "same-origin",
        ["Cross-Origin-Resource-Policy"] = "same-origin",
        ["X-Permitted-Cross-Domain-Policies"] = "none",
        ["X-DNS-Prefetch-Control"] = "off",
    };

    /// <summary>Every security header once, with its exact value; a request id; a Server header without a version.</summary>
    public static void AssertHardened(HttpResponseMessage response)
    {
        foreach (var (name, value) in SecurityHeaders)
        {
            Assert.True(response.Headers.TryGetValues(name, out var values),
                $"{(int)response.StatusCode} {response.RequestMessage?.RequestUri?.AbsolutePath}: header {name} is missing");
            Assert.Equal([value], values);
        }
        Assert.Single(response.Headers.GetValues("X-Request-ID"));
        Assert.Equal("nginx", response.Headers.Server.ToString());
        Assert.False(response.Headers.Contains("X-Powered-By"));
    }
}
