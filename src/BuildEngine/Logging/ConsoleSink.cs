using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace BuildEngine.Logging;

/// <summary>
/// Writes <c>HH:mm:ss [LVL] message</c> lines (or the bare message for raw events), redacting secrets first.
/// Colours only for an interactive terminal.
/// </summary>
sealed class ConsoleSink(TextWriter output, bool ansi, LogEventLevel minimumLevel, bool withTimestamp = true) : ILogEventSink
{
    public const string RawProperty = "Raw";

    static readonly MessageTemplateTextFormatter Timestamped = new("{Timestamp:HH:mm:ss} [{Level:u3}] {Message:lj}{NewLine}{Exception}");
    static readonly MessageTemplateTextFormatter Plain = new("[{Level:u3}] {Message:lj}{NewLine}{Exception}");
    static readonly MessageTemplateTextFormatter Raw = new("{Message:lj}{NewLine}");

    public void Emit(LogEvent logEvent)
    {
        if (logEvent.Level < minimumLevel)
            return;
        var buffer = new StringWriter();
        var formatter = IsRaw(logEvent) ? Raw : withTimestamp ? Timestamped : Plain;
        formatter.Format(logEvent, buffer);
        var text = SecretMasker.Redact(buffer.ToString());
        lock (output)
        {
            if (ansi && Colour(logEvent.Level) is { } colour)
                output.Write($"\u001b[{colour}m{text.TrimEnd('\n')}\u001b[0m\n");
            else
                output.Write(text);
            output.Flush();
        }
    }

    public static bool IsRaw(LogEvent logEvent) => logEvent.Properties.ContainsKey(RawProperty);

    static string? Colour(LogEventLevel level) => level switch
    {
        LogEventLevel.Verbose or LogEventLevel.Debug => "90",
        LogEventLevel.Warning => "33",
        LogEventLevel.Error or LogEventLevel.Fatal => "31",
        _ => null,
    };
}
