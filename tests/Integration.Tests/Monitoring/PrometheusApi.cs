using System.Text.Json;

namespace Integration.Tests.Monitoring;

/// <summary>The parts of Prometheus's and Alertmanager's HTTP APIs the monitoring tests read.</summary>
public sealed class PrometheusApi(Uri prometheus, Uri alertmanager) : IDisposable
{
    readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>Every active target as (job, instance, health, last error).</summary>
    public async Task<IReadOnlyList<ScrapeTarget>> TargetsAsync()
    {
        var data = await GetDataAsync(new Uri(prometheus, "/api/v1/targets?state=active"));
        return data.GetProperty("activeTargets").EnumerateArray().Select(t => new ScrapeTarget(
            t.GetProperty("labels").GetProperty("job").GetString()!, t.GetProperty("labels").GetProperty("instance").GetString()!,
            t.GetProperty("health").GetString()!, t.GetProperty("lastError").GetString() ?? "")).ToList();
    }

    /// <summary>The value of an instant query that returns one sample; null when it returns none.</summary>
    public async Task<double?> ScalarAsync(string query)
    {
        var result = (await GetDataAsync(new Uri(prometheus, "/api/v1/query?query=" + Uri.EscapeDataString(query)))).GetProperty("result");
        return result.GetArrayLength() == 0 ? null : double.Parse(result[0].GetProperty("value")[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The metric names a job's targets expose (from the scraped series).</summary>
    public async Task<IReadOnlyList<string>> MetricNamesAsync(string job)
    {
        var data = await GetDataAsync(new Uri(prometheus, "/api/v1/label/__name__/values?match[]=" + Uri.EscapeDataString($"{{job=\"{job}\"}}")));
        return data.EnumerateArray().Select(n => n.GetString()!).ToList();
    }

    /// <summary>Prometheus's alerts as (name, state, labels).</summary>
    public async Task<IReadOnlyList<FiringAlert>> AlertsAsync()
    {
        var data = await GetDataAsync(new Uri(prometheus, "/api/v1/alerts"));
        return data.GetProperty("alerts").EnumerateArray().Select(Alert).ToList();
    }

    /// <summary>What Alertmanager has received and holds active.</summary>
    public async Task<IReadOnlyList<FiringAlert>> AlertmanagerAlertsAsync()
    {
        using var document = JsonDocument.Parse(await _http.GetStringAsync(new Uri(alertmanager, "/api/v2/alerts?active=true")));
        return document.RootElement.EnumerateArray().Select(a => Alert(a) with { State = a.GetProperty("status").GetProperty("state").GetString()! }).ToList();
    }

    static FiringAlert Alert(JsonElement alert)
    {
        var labels = alert.GetProperty("labels").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        return new FiringAlert(labels.GetValueOrDefault("alertname", ""), alert.TryGetProperty("state", out var state) ? state.GetString()! : "", labels);
    }

    async Task<JsonElement> GetDataAsync(Uri uri)
    {
        using var document = JsonDocument.Parse(await _http.GetStringAsync(uri));
        return document.RootElement.GetProperty("data").Clone();
    }

    public void Dispose() => _http.Dispose();
}

public sealed record ScrapeTarget(string Job, string Instance, string Health, string LastError)
{
    public override string ToString() => $"{Job} {Instance} {Health}{(LastError.Length > 0 ? $" ({LastError})" : "")}";
}

public sealed record FiringAlert(string Name, string State, IReadOnlyDictionary<string, string> Labels)
{
    public override string ToString() => $"{Name} {State} {{{string.Join(", ", Labels.Select(l => $"{l.Key}={l.Value}"))}}}";
}
