using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace BuildEngine.Logging;

/// <summary>Keeps warnings and errors, with the target that wrote them, for the recap at the end of the build.</summary>
sealed class WarningCollector(Func<string?> currentTarget) : ILogEventSink
{
    static readonly MessageTemplateTextFormatter MessageOnly = new("{Message:l}");

    readonly List<(LogEventLevel Level, string? Target, string Message)> _entries = [];

    public IReadOnlyList<(LogEventLevel Level, string? Target, string Message)> Entries
    {
        get { lock (_entries) return _entries.ToList(); }
    }

    public void Emit(LogEvent logEvent)
    {
        if (logEvent.Level < LogEventLevel.Warning || ConsoleSink.IsRaw(logEvent))
            return;
        var buffer = new StringWriter();
        MessageOnly.Format(logEvent, buffer);
        var message = SecretMasker.Redact(buffer.ToString());
        lock (_entries)
            _entries.Add((logEvent.Level, currentTarget(), message));
    }
}
