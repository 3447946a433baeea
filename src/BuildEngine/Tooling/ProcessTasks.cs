using System.Diagnostics;
using BuildEngine.Logging;
using CliWrap;
using Serilog;

namespace BuildEngine.Tooling;

/// <summary>
/// Runs processes with captured output. The exit code decides failure; standard error is output like standard output.
/// Interrupting the build kills the process and its children.
/// </summary>
public static class ProcessTasks
{
    public static ProcessResult StartProcess(string toolPath, IEnumerable<string> arguments, ProcessOptions? options = null) =>
        StartProcessAsync(toolPath, arguments, options).GetAwaiter().GetResult();

    public static async Task<ProcessResult> StartProcessAsync(string toolPath, IEnumerable<string> arguments, ProcessOptions? options = null)
    {
        options ??= new ProcessOptions();
        var argumentList = arguments.ToList();
        var workingDirectory = options.WorkingDirectory ?? Directory.GetCurrentDirectory();
        var commandLine = CommandLine.Render(toolPath, argumentList);
        var toolName = Path.GetFileNameWithoutExtension(toolPath);
        if (options.LogInvocation)
        {
            Log.Information("> {CommandLine}", commandLine);
            if (options.WorkingDirectory is not null && Path.GetFullPath(options.WorkingDirectory) != Directory.GetCurrentDirectory())
                Log.Debug("@ {WorkingDirectory}", workingDirectory);
        }

        var output = new List<Output>();
        void Collect(OutputType type, string line)
        {
            lock (output)
                output.Add(new Output(type, line));
            if (options.LogOutput)
                Log.Debug("{Line}", line);
        }

        var command = CliWrap.Cli.Wrap(toolPath)
            .WithArguments(argumentList)
            .WithWorkingDirectory(workingDirectory)
            .WithEnvironmentVariables(options.EnvironmentVariables)
            .WithValidation(CommandResultValidation.None)
            .WithStandardOutputPipe(PipeTarget.ToDelegate(line => Collect(OutputType.Std, line)))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(line => Collect(OutputType.Err, line)));

        using var timeout = new CancellationTokenSource();
        if (options.Timeout is { } limit)
            timeout.CancelAfter(limit);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(BuildCancellation.Token, timeout.Token);
        var stopwatch = Stopwatch.StartNew();
        CommandResult result;
        try
        {
            result = await command.ExecuteAsync(linked.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !BuildCancellation.Token.IsCancellationRequested)
        {
            throw new ProcessException(toolName, $"timed out after {options.Timeout!.Value.TotalSeconds:0.#} s and was killed", commandLine, workingDirectory, output, null);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new ProcessException(toolName, $"could not be started ({e.Message})", commandLine, workingDirectory, output, null);
        }

        var processResult = new ProcessResult(result.ExitCode, output, stopwatch.Elapsed);
        if (options.AssertZeroExitCode && result.ExitCode != 0)
            throw new ProcessException(toolName, $"exited with code {result.ExitCode}", commandLine, workingDirectory, output, result.ExitCode);
        return processResult;
    }

    /// <summary>
    /// Asks a question of a tool: runs it quietly (no invocation or output logged), with a time limit, and returns the
    /// result whatever the exit code. A bare name is resolved like any tool.
    /// </summary>
    public static ProcessResult Probe(string tool, IEnumerable<string> arguments, TimeSpan timeout, string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environmentVariables = null) =>
        StartProcess(tool.Contains('/') ? tool : ResolveTool(tool), arguments, new ProcessOptions
        {
            WorkingDirectory = workingDirectory,
            EnvironmentVariables = environmentVariables ?? new Dictionary<string, string?>(),
            Timeout = timeout,
            AssertZeroExitCode = false,
            LogInvocation = false,
            LogOutput = false,
        });

    /// <summary><c>&lt;NAME&gt;_EXE</c> from the environment (e.g. <c>DOTNET_EXE</c>), else the first match on the PATH.</summary>
    public static string ResolveTool(string name)
    {
        var overridden = Environment.GetEnvironmentVariable($"{name.ToUpperInvariant()}_EXE");
        if (!string.IsNullOrEmpty(overridden))
            return overridden;
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var extensions = OperatingSystem.IsWindows() ? new[] { ".exe", ".cmd", "" } : [""];
        return directories.SelectMany(d => extensions.Select(e => Path.Combine(d, name + e))).FirstOrDefault(File.Exists)
               ?? throw new InvalidOperationException($"Could not find '{name}' on the PATH. Install it, or set {name.ToUpperInvariant()}_EXE to its full path.");
    }
}

static class CommandLine
{
    public static string Render(string toolPath, IEnumerable<string> arguments) =>
        string.Join(' ', new[] { toolPath }.Concat(arguments).Select(Quote));

    static string Quote(string argument) =>
        argument.Length > 0 && !argument.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '$' or '`' or ';' or '&' or '|')
            ? argument
            : "'" + argument.Replace("'", "'\\''") + "'";
}
