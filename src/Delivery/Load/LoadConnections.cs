namespace Delivery.Load;

/// <summary>How the load's clients hold their connections to the edge (anchors-deploy.md §4: run it both ways).</summary>
public enum LoadConnections
{
    /// <summary>
    /// HTTP/2 over TLS, as the SPA's browsers talk to this edge: a few multiplexed connections, each a browser. An nginx
    /// reload ends each with GOAWAY naming the last request it took, so the client resends the rest (RFC 9113 §6.8).
    /// </summary>
    Http2,

    /// <summary>
    /// HTTP/1.1 reusing keep-alive connections, as API scripts do. Exposed to the reload race: a request sent on an idle
    /// connection just as an old worker closes it gets no answer, and the protocol cannot say whether it was taken.
    /// </summary>
    KeepAlive,

    /// <summary>HTTP/1.1 with a new connection, and TLS handshake, per request.</summary>
    PerRequest,
}
