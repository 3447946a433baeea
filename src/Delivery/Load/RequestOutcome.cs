using System.Net.Sockets;

namespace Delivery.Load;

/// <summary>Why a request got no HTTP response. Each class points at a different cause during a switch.</summary>
public enum TransportError
{
    /// <summary>Nothing listened: a stopped upstream or a proxy between sockets. The request was never sent.</summary>
    Refused,
    /// <summary>The peer reset the connection, typically a process killed with requests in flight.</summary>
    Reset,
    /// <summary>No response within the request timeout.</summary>
    Timeout,
    /// <summary>The connection closed before a full response, typically a reused keep-alive connection closed by a reload.</summary>
    Eof,
    /// <summary>HTTP/2 ended the request abnormally: a stream reset, or the connection closed without a GOAWAY that would let the client resend.</summary>
    Protocol,
    Other,
    /// <summary>The generator itself hit its in-flight cap and did not send; counted so that a stall is never dropped silently.</summary>
    ClientSaturated,
}

/// <summary>What a write's outcome says about whether its row exists, for the PostgreSQL check after the run.</summary>
public enum WriteOutcome
{
    /// <summary>2xx: the row must exist exactly once.</summary>
    Acknowledged,
    /// <summary>A transport error after the request may have reached the server, or a 5xx (a proxy's 502/504 can follow a commit).</summary>
    Ambiguous,
    /// <summary>Never sent (refused, client saturated) or refused by the app with a 4xx: the row must not exist.</summary>
    Rejected,
}

public static class TransportErrors
{
    public static string Label(TransportError error) => error switch
    {
        TransportError.ClientSaturated => "client_saturated",
        _ => error.ToString().ToLowerInvariant(),
    };

    /// <summary>Classifies the exception of a failed send; <paramref name="timedOut"/> is whether our request timeout fired.</summary>
    public static TransportError Classify(Exception exception, bool timedOut)
    {
        if (timedOut || exception is TimeoutException)
            return TransportError.Timeout;
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
                return socket.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => TransportError.Refused,
                    SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown => TransportError.Reset,
                    SocketError.TimedOut => TransportError.Timeout,
                    _ => TransportError.Other,
                };
        }
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded })
                return TransportError.Eof;
            if (inner is HttpIOException { HttpRequestError: HttpRequestError.ResponseEnded })
                return TransportError.Eof;
            if (inner is HttpProtocolException or HttpRequestException { HttpRequestError: HttpRequestError.HttpProtocolError } or HttpIOException { HttpRequestError: HttpRequestError.HttpProtocolError })
                return TransportError.Protocol;
        }
        return TransportError.Other;
    }

    /// <summary>Whether the request may have reached the server: false only when the connection was never established.</summary>
    public static bool MayHaveBeenSent(Exception exception, TransportError error)
    {
        if (error is TransportError.Refused or TransportError.ClientSaturated)
            return false;
        for (var inner = exception; inner is not null; inner = inner.InnerException)
            if (inner is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError })
                return false;
        return true;
    }
}
