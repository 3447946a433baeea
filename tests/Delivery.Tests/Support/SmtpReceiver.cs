using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Delivery.Tests.Support;

/// <summary>One mail as the receiver got it: envelope and the DATA section with dot-stuffing undone.</summary>
public sealed record ReceivedMail(string MailFrom, IReadOnlyList<string> RcptTo, string Data)
{
    public string Headers => Data[..Math.Max(0, Data.IndexOf("\r\n\r\n", StringComparison.Ordinal))];
    public string Body => Data[(Data.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];

    /// <summary>The body after undoing quoted-printable or base64, as a mail client shows it.</summary>
    public string DecodedBody => Header("Content-Transfer-Encoding")?.ToLowerInvariant() switch
    {
        "quoted-printable" => DecodeQuotedPrintable(Body),
        "base64" => Encoding.UTF8.GetString(Convert.FromBase64String(Body.Replace("\r\n", "", StringComparison.Ordinal))),
        _ => Body,
    };

    static string DecodeQuotedPrintable(string body)
    {
        var unfolded = body.Replace("=\r\n", "", StringComparison.Ordinal);
        var bytes = new List<byte>();
        for (var i = 0; i < unfolded.Length; i++)
        {
            if (unfolded[i] == '=' && i + 2 < unfolded.Length)
            {
                bytes.Add(Convert.ToByte(unfolded.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
                bytes.Add((byte)unfolded[i]);
        }
        return Encoding.UTF8.GetString([.. bytes]);
    }

    public string? Header(string name) =>
        Headers.Split("\r\n").FirstOrDefault(l => l.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))?[(name.Length + 1)..].Trim();
}

/// <summary>
/// A real SMTP server on 127.0.0.1 (RFC 5321 subset: EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT), enough for
/// System.Net.Mail. <see cref="RejectMailFrom"/> makes it answer 550 to MAIL FROM, as a relay refusing the sender does.
/// </summary>
public sealed class SmtpReceiver : IAsyncDisposable
{
    readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    readonly CancellationTokenSource _stop = new();
    readonly Task _loop;
    readonly List<ReceivedMail> _mails = [];
    readonly TaskCompletionSource<ReceivedMail> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SmtpReceiver(bool rejectMailFrom = false)
    {
        RejectMailFrom = rejectMailFrom;
        _listener.Start();
        _loop = AcceptAsync();
    }

    public bool RejectMailFrom { get; }
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
    public IReadOnlyList<string> Commands { get { lock (_commands) return [.. _commands]; } }
    readonly List<string> _commands = [];
    readonly TaskCompletionSource _quit = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<ReceivedMail> Mails { get { lock (_mails) return [.. _mails]; } }

    public Task<ReceivedMail> FirstMail(TimeSpan timeout) => _first.Task.WaitAsync(timeout);

    /// <summary>Completes when a client has said QUIT, which it may send after its last awaited reply.</summary>
    public Task Quit(TimeSpan timeout) => _quit.Task.WaitAsync(timeout);

    async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            using (client)
            {
                try { await ServeAsync(client.GetStream()); }
                catch (IOException) { } // the client hung up; the next one may still come
            }
        }
    }

    async Task ServeAsync(NetworkStream stream)
    {
        using var reader = new StreamReader(stream, Encoding.ASCII);
        await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        await writer.WriteLineAsync("220 127.0.0.1 test SMTP ready");
        string? from = null;
        var to = new List<string>();
        while (await reader.ReadLineAsync(_stop.Token) is { } line)
        {
            lock (_commands) _commands.Add(line);
            var verb = line.Split(' ', 2)[0].ToUpperInvariant();
            switch (verb)
            {
                case "EHLO" or "HELO":
                    await writer.WriteLineAsync("250 127.0.0.1");
                    break;
                case "MAIL" when RejectMailFrom:
                    await writer.WriteLineAsync("550 5.7.1 Sender rejected by test policy");
                    break;
                case "MAIL":
                    from = Address(line);
                    to.Clear();
                    await writer.WriteLineAsync("250 2.1.0 OK");
                    break;
                case "RCPT":
                    to.Add(Address(line));
                    await writer.WriteLineAsync("250 2.1.5 OK");
                    break;
                case "DATA" when from is null || to.Count == 0:
                    await writer.WriteLineAsync("503 5.5.1 MAIL and RCPT first");
                    break;
                case "DATA":
                    await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                    var data = new StringBuilder();
                    while (await reader.ReadLineAsync(_stop.Token) is { } dataLine && dataLine != ".")
                        data.Append(dataLine.StartsWith('.') ? dataLine[1..] : dataLine).Append("\r\n");
                    var mail = new ReceivedMail(from, [.. to], data.ToString());
                    lock (_mails) _mails.Add(mail);
                    _first.TrySetResult(mail);
                    await writer.WriteLineAsync("250 2.0.0 Queued");
                    break;
                case "RSET":
                    from = null;
                    to.Clear();
                    await writer.WriteLineAsync("250 2.0.0 OK");
                    break;
                case "NOOP":
                    await writer.WriteLineAsync("250 2.0.0 OK");
                    break;
                case "QUIT":
                    _quit.TrySetResult();
                    await writer.WriteLineAsync("221 2.0.0 Bye");
                    return;
                default:
                    await writer.WriteLineAsync("502 5.5.2 Command not implemented");
                    break;
            }
        }
    }

    // "MAIL FROM:<a@b> SIZE=10" -> "a@b"
    static string Address(string line)
    {
        var start = line.IndexOf('<', StringComparison.Ordinal);
        var end = line.IndexOf('>', StringComparison.Ordinal);
        return start >= 0 && end > start ? line[(start + 1)..end] : line;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try { await _loop; } catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}
