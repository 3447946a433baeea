namespace BuildEngine.Logging;

/// <summary>How the console lines are written: text for people, JSON (one object a line) for a log shipper on CI.</summary>
public enum LogFormat
{
    Text,
    Json,
}

static class LogFormats
{
    /// <summary>CI sets it once for every job instead of passing <c>--log-format</c> to each invocation.</summary>
    public const string EnvironmentVariable = "PAZPAZ_LOG_FORMAT";

    /// <summary><c>--log-format</c>, else <see cref="EnvironmentVariable"/>, else text; anything else is a usage error.</summary>
    public static LogFormat Resolve(string? argument, IReadOnlyDictionary<string, string> environment)
    {
        var (value, source) = argument is not null
            ? (argument, "--log-format")
            : (environment.GetValueOrDefault(EnvironmentVariable) ?? "", EnvironmentVariable);
        return value.Trim().ToLowerInvariant() switch
        {
            "" or "text" => LogFormat.Text,
            "json" => LogFormat.Json,
            _ => throw new UsageException($"{source} '{value}' is not a log format: use text or json."),
        };
    }
}
