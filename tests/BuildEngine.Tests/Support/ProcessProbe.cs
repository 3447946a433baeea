using System.Diagnostics;

namespace BuildEngine.Tests.Support;

/// <summary>Finds live processes by a fragment of their command line, like <c>pgrep -f</c>, by reading /proc.</summary>
static class ProcessProbe
{
    public static IReadOnlyList<int> Find(string fragment)
    {
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || pid == Environment.ProcessId)
                continue;
            string commandLine;
            try
            {
                // A zombie (exited, not yet reaped) has an empty command line, so it does not count as running.
                commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            if (commandLine.Contains(fragment, StringComparison.Ordinal))
                found.Add(pid);
        }
        return found;
    }

    /// <summary>Polls until no process matches; returns the ones still there when time is up.</summary>
    public static IReadOnlyList<int> WaitUntilGone(string fragment, TimeSpan timeout)
    {
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            var left = Find(fragment);
            if (left.Count == 0 || stopwatch.Elapsed > timeout)
                return left;
            Thread.Sleep(50);
        }
    }

    /// <summary>Kills processes the test itself caused, by id, so a failing test leaves nothing behind.</summary>
    public static void Kill(IEnumerable<int> pids)
    {
        foreach (var pid in pids)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill(entireProcessTree: true);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Already gone.
            }
        }
    }
}
