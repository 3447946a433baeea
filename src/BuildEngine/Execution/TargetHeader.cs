using BuildEngine.CI;
using BuildEngine.Logging;
using Serilog;

namespace BuildEngine.Execution;

/// <summary>The block that opens each target's output (a collapsible group on GitHub Actions) and the line that closes it.</summary>
static class TargetHeader
{
    public static void Write(ILogger log, BuildHost host, string name)
    {
        if (host.IsGitHubActions)
        {
            log.Raw().Information("::group::{Name}", name);
            return;
        }
        log.Raw().Information("");
        log.Raw().Information("╬" + new string('═', name.Length + 5));
        log.Raw().Information("║ {Name}", name);
        log.Raw().Information("╬" + new string('═', Math.Max(name.Length - 4, 2)));
        log.Raw().Information("");
    }

    public static void WriteEnd(ILogger log, BuildHost host, ExecutableTarget target)
    {
        log.Information("{Target} {Status} in {Duration}", target.Name, target.Status.ToString().ToLowerInvariant(), SummaryWriter.FormatDuration(target.Duration, precise: true));
        if (host.IsGitHubActions)
            log.Raw().Information("::endgroup::");
    }
}
