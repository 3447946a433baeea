using System.Globalization;
using System.Net.WebSockets;
using System.Text;

namespace Delivery.Load;

/// <summary>A close caused by the server or the network. <see cref="Status"/> null is an abnormal closure (no close frame, 1006).</summary>
public sealed record WebSocketClose(int Client, DateTimeOffset At, WebSocketCloseStatus? Status, string? Description, string? Error)
{
    public const int ServiceRestart = 1012;

    /// <summary>Set when the same client connected again: the reconnect time of this close.</summary>
    public TimeSpan? ReconnectedAfter { get; internal set; }

    public bool IsServiceRestart => (int?)Status == ServiceRestart;

    public string Label => Status is { } status ? ((int)status).ToString(CultureInfo.InvariantCulture) : "abnormal";
}

public sealed record WebSocketConnectFailure(int Client, DateTimeOffset At, string Error);

public sealed class WebSocketReport(
    DateTimeOffset startedAt, int clients, int connects, IReadOnlyList<WebSocketClose> closes, IReadOnlyList<WebSocketConnectFailure> connectFailures)
{
    public DateTimeOffset StartedAt => startedAt;
    public int Clients => clients;

    /// <summary>Successful connects, first connections included.</summary>
    public int Connects => connects;
    public IReadOnlyList<WebSocketClose> Closes => closes;
    public IReadOnlyList<WebSocketConnectFailure> ConnectFailures => connectFailures;

    /// <summary>The number the goal requires to be 0: closes that were not an orderly 1012 Service Restart.</summary>
    public int ClosedWithout1012 => closes.Count(c => !c.IsServiceRestart);

    public int Reconnects => closes.Count(c => c.ReconnectedAfter is not null);

    public IReadOnlyList<KeyValuePair<string, int>> CloseCodes =>
        closes.GroupBy(c => c.Label).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => KeyValuePair.Create(g.Key, g.Count())).ToList();

    public LatencySummary ReconnectTime => LatencySummary.Of(closes.Where(c => c.ReconnectedAfter is not null).Select(c => c.ReconnectedAfter!.Value));

    /// <summary>The most reconnects landing in one second: the burst the new colour has to absorb.</summary>
    public int PeakReconnectsPerSecond =>
        closes.Where(c => c.ReconnectedAfter is not null)
            .GroupBy(c => (long)Math.Floor((c.At + c.ReconnectedAfter!.Value - startedAt).TotalSeconds))
            .Select(g => g.Count()).DefaultIfEmpty(0).Max();

    /// <summary>Closes and connect failures in [from, to), for one deploy's window.</summary>
    public WebSocketReport Between(DateTimeOffset from, DateTimeOffset to) =>
        new(from, clients, connects, closes.Where(c => c.At >= from && c.At < to).ToList(), connectFailures.Where(f => f.At >= from && f.At < to).ToList());

    public string Render()
    {
        var text = new StringBuilder();
        var header = $"{"WebSockets",-12}{"Clients",8}{"Closes",8}{"No 1012",9}{"Reconn.",9}{"Failed conn.",13}{"p50",11}{"p99",11}{"max",11}";
        var time = ReconnectTime;
        string Cell(TimeSpan value) => time.Count == 0 ? "-" : LatencySummary.Milliseconds(value);
        text.AppendLine(header).AppendLine(new string('─', header.Length));
        text.AppendLine(CultureInfo.InvariantCulture,
            $"{"",-12}{clients,8}{closes.Count,8}{ClosedWithout1012,9}{Reconnects,9}{connectFailures.Count,13}{Cell(time.P50),11}{Cell(time.P99),11}{Cell(time.Max),11}");
        text.Append("Close codes: ").Append(closes.Count == 0 ? "none" : string.Join(", ", CloseCodes.Select(c => $"{c.Key} × {c.Value}")))
            .Append(CultureInfo.InvariantCulture, $"; peak reconnects {PeakReconnectsPerSecond}/s (p50/p99/max above are reconnect times)");
        return text.ToString();
    }
}
