using System.Collections;

namespace BuildEngine.Execution;

/// <summary>Everything a build reads from the outside world, so tests can run builds without touching the real process.</summary>
public sealed record BuildInvocation(
    IReadOnlyList<string> Arguments,
    IReadOnlyDictionary<string, string> Environment,
    string WorkingDirectory,
    TextWriter Output,
    bool IsInteractive,
    bool SupportsAnsi)
{
    public static BuildInvocation FromProcess()
    {
        var environment = System.Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "", StringComparer.Ordinal);
        var interactive = !Console.IsInputRedirected && !Console.IsOutputRedirected;
        var ansi = !Console.IsOutputRedirected && environment.GetValueOrDefault("TERM") is { } term && term != "dumb" && !environment.ContainsKey("NO_COLOR");
        return new BuildInvocation(System.Environment.GetCommandLineArgs().Skip(1).ToList(), environment,
            Directory.GetCurrentDirectory(), Console.Out, interactive, ansi);
    }
}
