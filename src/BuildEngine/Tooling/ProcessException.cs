using BuildEngine.Logging;

namespace BuildEngine.Tooling;

/// <summary>A process failed: its exit code, the command line, the working directory and the last lines it wrote — secrets redacted.</summary>
public sealed class ProcessException : Exception
{
    const int TailLines = 20;

    public ProcessException(string toolName, string problem, string commandLine, string workingDirectory, IReadOnlyList<Output> output, int? exitCode)
        : base(SecretMasker.Redact(Render(toolName, problem, commandLine, workingDirectory, output)))
    {
        ExitCode = exitCode;
    }

    public int? ExitCode { get; }

    static string Render(string toolName, string problem, string commandLine, string workingDirectory, IReadOnlyList<Output> output)
    {
        var lines = new List<string> { $"Process '{toolName}' {problem}.", $"   > {commandLine}", $"   @ {workingDirectory}" };
        if (output.Count > 0)
        {
            lines.Add(output.Count > TailLines ? $"   Last {TailLines} lines of output:" : "   Output:");
            lines.AddRange(output.TakeLast(TailLines).Select(o => "   " + o.Text));
        }
        return string.Join(Environment.NewLine, lines);
    }
}
