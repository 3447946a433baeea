using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace BuildEngine.Logging;

/// <summary>
/// Writes one JSON object a line (<c>time</c>, <c>level</c>, <c>message</c>, and <c>target</c> and <c>exception</c> when
/// there are) for a log shipper. The message and exception are rendered to text and redacted before they are encoded,
/// so a secret is masked even where JSON would escape its characters. Workflow commands (<c>::group::</c>) stay
/// verbatim for the CI runner, and blank raw lines (spacing for people) are dropped.
/// </summary>
sealed class JsonConsoleSink(TextWriter output, LogEventLevel minimumLevel, Func<string?> currentTarget) : ILogEventSink
{
    static readonly MessageTemplateTextFormatter Message = new("{Message:lj}");
    // Relaxed: non-ASCII text (names, box drawing) stays readable; quotes and control characters are still escaped, and
    // these lines are never embedded in HTML.
    static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public void Emit(LogEvent logEvent)
    {
        if (logEvent.Level < minimumLevel)
            return;
        var buffer = new StringWriter();
        Message.Format(logEvent, buffer);
        var message = SecretMasker.Redact(buffer.ToString());
        string line;
        if (ConsoleSink.IsRaw(logEvent) && message.StartsWith("::", StringComparison.Ordinal))
            line = message;
        else if (ConsoleSink.IsRaw(logEvent) && string.IsNullOrWhiteSpace(message))
            return;
        else
            line = Encode(logEvent, message);
        lock (output)
        {
            output.Write(line + "\n");
            output.Flush();
        }
    }

    string Encode(LogEvent logEvent, string message)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, Options))
        {
            json.WriteStartObject();
            json.WriteString("time", logEvent.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            json.WriteString("level", logEvent.Level.ToString().ToLowerInvariant());
            json.WriteString("message", message);
            if (currentTarget() is { } target)
                json.WriteString("target", target);
            if (logEvent.Exception is { } exception)
                json.WriteString("exception", SecretMasker.Redact(exception.ToString()));
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
