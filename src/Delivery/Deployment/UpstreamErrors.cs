using System.Text.Json;

namespace Delivery.Deployment;

/// <summary>How the edge's requests to one slot went, from nginx's JSON access log (nginx/snippets/logging.conf).</summary>
public sealed record UpstreamErrors(int Requests, int Errors)
{
    public double Ratio => Requests == 0 ? 0 : (double)Errors / Requests;

    public static UpstreamErrors operator +(UpstreamErrors a, UpstreamErrors b) => new(a.Requests + b.Requests, a.Errors + b.Errors);

    /// <summary>
    /// Counts the attempts that went to <paramref name="address"/> (<c>ip:port</c>) and those that got a 5xx or no answer.
    /// A retried request lists every attempt (<c>upstream_addr</c> "a, b" with <c>upstream_status</c> "502, 200"), so
    /// a candidate's failure counts against it even when the backup answered the user.
    /// </summary>
    public static UpstreamErrors Count(string accessLog, string address)
    {
        var (requests, errors) = (0, 0);
        foreach (var line in accessLog.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!line.StartsWith('{'))
                continue;
            string? addresses, statuses;
            try
            {
                using var entry = JsonDocument.Parse(line);
                addresses = entry.RootElement.TryGetProperty("upstream_addr", out var a) ? a.GetString() : null;
                statuses = entry.RootElement.TryGetProperty("upstream_status", out var s) ? s.GetString() : null;
            }
            catch (JsonException)
            {
                continue;
            }
            if (addresses is null || statuses is null)
                continue;
            var attempts = addresses.Split(',', StringSplitOptions.TrimEntries);
            var answers = statuses.Split(',', StringSplitOptions.TrimEntries);
            for (var i = 0; i < attempts.Length; i++)
            {
                if (attempts[i] != address)
                    continue;
                requests++;
                var status = i < answers.Length ? answers[i] : "-";
                if (!int.TryParse(status, out var code) || code >= 500)
                    errors++;
            }
        }
        return new UpstreamErrors(requests, errors);
    }
}
