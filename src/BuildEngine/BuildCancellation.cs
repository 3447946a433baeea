namespace BuildEngine;

/// <summary>
/// Cancelled when the build is interrupted (Ctrl-C, SIGTERM). Processes started through the engine are killed with
/// their children when it fires; assured targets then run with a fresh token.
/// </summary>
public static class BuildCancellation
{
    public static CancellationToken Token { get; internal set; }
}
