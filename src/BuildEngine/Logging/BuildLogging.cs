using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace BuildEngine.Logging;

static class BuildLogging
{
    public static LogEventLevel MinimumLevel(Verbosity verbosity) => verbosity switch
    {
        Verbosity.Quiet => LogEventLevel.Error,
        Verbosity.Minimal => LogEventLevel.Warning,
        Verbosity.Normal => LogEventLevel.Debug,
        _ => LogEventLevel.Verbose,
    };

    /// <summary>The console in <paramref name="format"/>; the file log (<c>.nuke/temp/build.log</c>) is always text.</summary>
    public static Logger Create(TextWriter output, bool ansi, Verbosity verbosity, WarningCollector collector, TextWriter? file,
        LogFormat format = LogFormat.Text, Func<string?>? currentTarget = null) =>
        new LoggerConfiguration()
            .MinimumLevel.Verbose()
            .WriteTo.Sink(format == LogFormat.Json
                ? new JsonConsoleSink(output, MinimumLevel(verbosity), currentTarget ?? (() => null))
                : new ConsoleSink(output, ansi, MinimumLevel(verbosity)))
            .WriteTo.Sink(collector)
            .WriteTo.Sink(file is null ? new ConsoleSink(TextWriter.Null, false, LogEventLevel.Fatal) : new ConsoleSink(file, false, LogEventLevel.Verbose))
            .CreateLogger();

    /// <summary>A line written as it is, with no timestamp or level: headers, tables, closing lines for CI readers.</summary>
    public static ILogger Raw(this ILogger logger) => logger.ForContext(ConsoleSink.RawProperty, true);
}
