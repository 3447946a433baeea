using System.Diagnostics;
using System.Text.Json;
using Delivery.Deployment;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace Integration.Tests.Deployment;

/// <summary>
/// A deploy run in a child process (this test assembly's <see cref="Program"/>) that kills itself right after a phase
/// through <see cref="Deployer.CrashAfterPhase"/>: what a cancelled CI runner or a lost host leaves behind
/// (anchors-deploy.md §5.4 row 4). The test process cannot do this in-process: a kill must skip every finally.
/// </summary>
public sealed record KilledDeploy(Topology Topology, IReadOnlyDictionary<string, string> Variables, Release Release, string LedgerDirectory, string CrashAfter, TimeSpan Lease)
{
    /// <summary>SIGKILL's exit status: the child died where it was asked to, not by an error or a normal end.</summary>
    public const int Killed = 137;

    public static async Task<(int ExitCode, string Output)> StartAsync(string requestFile)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            ArgumentList = { "exec", typeof(KilledDeploy).Assembly.Location, "killed-deploy", requestFile },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        using var child = Process.Start(start)!;
        child.StandardInput.Close();
        var output = child.StandardOutput.ReadToEndAsync();
        var errors = child.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await child.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            child.Kill(entireProcessTree: true);
            throw new TimeoutException($"The killed-deploy child did not end within 3 minutes: {await errors}");
        }
        return (child.ExitCode, await output + await errors);
    }

    /// <summary>The child's side: log to stderr, deploy, and get killed after the phase.</summary>
    internal static async Task<int> RunAsync(string requestFile)
    {
        Log.Logger = new LoggerConfiguration().WriteTo.Sink(new StandardErrorSink()).CreateLogger();
        var request = JsonSerializer.Deserialize<KilledDeploy>(File.ReadAllText(requestFile))
            ?? throw new InvalidOperationException($"{requestFile} holds no request");
        return await DeployEnvironment.RunKilledAsync(request);
    }

    sealed class StandardErrorSink : ILogEventSink
    {
        public void Emit(LogEvent logEvent) =>
            Console.Error.WriteLine($"{logEvent.Level.ToString()[..3]} {logEvent.RenderMessage(System.Globalization.CultureInfo.InvariantCulture)}");
    }
}
