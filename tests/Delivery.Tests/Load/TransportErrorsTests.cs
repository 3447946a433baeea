using System.Net.Http;
using System.Net.Sockets;
using Delivery.Load;

namespace Delivery.Tests.Load;

public sealed class TransportErrorsTests
{
    [Fact]
    public void Each_way_a_request_can_fail_without_an_answer_has_its_own_class()
    {
        Assert.Equal(TransportError.Refused, TransportErrors.Classify(new HttpRequestException("x", new SocketException((int)SocketError.ConnectionRefused)), timedOut: false));
        Assert.Equal(TransportError.Timeout, TransportErrors.Classify(new TaskCanceledException(), timedOut: true));
        Assert.Equal(TransportError.Eof, TransportErrors.Classify(new HttpRequestException(HttpRequestError.ResponseEnded, "ended"), timedOut: false));
        Assert.Equal(TransportError.Protocol, TransportErrors.Classify(new HttpRequestException(HttpRequestError.HttpProtocolError, "reset"), timedOut: false));
        Assert.Equal(TransportError.Other, TransportErrors.Classify(new InvalidOperationException("?"), timedOut: false));
    }
}
