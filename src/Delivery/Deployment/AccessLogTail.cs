using System.Globalization;
using Delivery.Execution;

namespace Delivery.Deployment;

/// <summary>
/// The bake's reader of the proxy's access log: each poll takes only the lines written since the last one.
/// It reads from the end of the container log (<c>docker logs --timestamps --tail N</c>), and N grows until a read reaches
/// back past the last line already counted. <c>docker logs --since</c> would be simpler, but the engine decodes every
/// line of every rotated file to filter it. At 200 req/s that is 50 MB and 0.6 s of dockerd CPU on each poll, and this
/// load slowed the requests the bake was watching.
/// </summary>
public sealed class AccessLogTail(DateTimeOffset since, int lines = AccessLogTail.FirstLines)
{
    public const int FirstLines = 2048;

    /// <summary>A window this long is read anyway, even if it is not complete: 1 M lines in one poll is not a load this edge carries.</summary>
    public const int MostLines = 1 << 20;

    long _counted = NanosecondsOf(since);

    /// <summary>How many of the log's last lines the next read asks for.</summary>
    public int Lines { get; private set; } = lines;

    /// <summary>The access-log lines written since the last call; null when docker could not read the log (this poll counts nothing).</summary>
    public string? ReadNew(IStepRunner runner, DeploymentPlanner planner)
    {
        while (runner.Probe(planner.ProxyAccessLog(Lines)) is { Succeeded: true } read)
            if (Take(read.Output, read.Errors) is { } lines)
                return lines;
        return null;
    }

    /// <summary>
    /// Takes one read (docker's stdout and stderr, each line prefixed with its RFC 3339 time) and returns the stdout
    /// lines newer than those already taken, without their time. Returns null when the read did not reach back to them,
    /// so a line may be missing: <see cref="Lines"/> has grown, and the caller reads again.
    /// </summary>
    public string? Take(string output, string errors)
    {
        var read = Timestamped(output).ToList();
        var others = Timestamped(errors).ToList();
        var earliest = read.Concat(others).Select(l => l.At).DefaultIfEmpty(long.MinValue).Min();
        var whole = read.Count + others.Count < Lines;
        if (!whole && earliest > _counted && Lines < MostLines)
        {
            Lines = Math.Min(Lines * 4, MostLines);
            return null;
        }
        var fresh = read.Where(l => l.At > _counted).ToList();
        if (fresh.Count > 0)
            _counted = fresh.Max(l => l.At);
        return string.Join('\n', fresh.Select(l => l.Text));
    }

    static IEnumerable<(long At, string Text)> Timestamped(string log)
    {
        foreach (var line in log.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0 && TryParse(line[..space], out var at))
                yield return (at, line[(space + 1)..].TrimEnd('\r'));
        }
    }

    /// <summary>Nanoseconds since the Unix epoch: docker's timestamps have nine fractional digits, more than a DateTimeOffset holds.</summary>
    internal static bool TryParse(string timestamp, out long nanoseconds)
    {
        nanoseconds = 0;
        if (timestamp.Length < 20)
            return false;
        var dot = timestamp.IndexOf('.', StringComparison.Ordinal);
        var zone = timestamp.IndexOfAny(['Z', '+', '-'], Math.Max(dot, 19));
        if (zone < 0)
            return false;
        var whole = dot < 0 ? timestamp[..zone] : timestamp[..dot];
        var fraction = dot < 0 ? "" : timestamp[(dot + 1)..zone];
        if (fraction.Length > 9 || !fraction.All(char.IsAsciiDigit)
            || !DateTimeOffset.TryParse(whole + timestamp[zone..], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var seconds))
            return false;
        nanoseconds = (seconds.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100 + (fraction.Length == 0 ? 0 : long.Parse(fraction.PadRight(9, '0'), CultureInfo.InvariantCulture));
        return true;
    }

    static long NanosecondsOf(DateTimeOffset at) => (at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
}
