using BuildEngine.Tooling;

namespace BuildEngine.Tests.Tooling;

public sealed class ProcessTasksTests
{
    [Fact]
    public void Standard_error_is_output_and_the_exit_code_decides()
    {
        var result = ProcessTasks.StartProcess("/bin/sh", ["-c", "echo out; echo progress >&2; exit 0"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(new Output(OutputType.Std, "out"), result.Output);
        Assert.Contains(new Output(OutputType.Err, "progress"), result.Output);
    }

    [Fact]
    public void A_non_zero_exit_raises_a_process_exception_with_command_directory_and_output()
    {
        var error = Assert.Throws<ProcessException>(() =>
            ProcessTasks.StartProcess("/bin/sh", ["-c", "echo first; echo 'went wrong' >&2; exit 3"], new ProcessOptions { WorkingDirectory = "/tmp" }));

        Assert.Equal(3, error.ExitCode);
        Assert.StartsWith("Process 'sh' exited with code 3.", error.Message, StringComparison.Ordinal);
        Assert.Contains("   > /bin/sh -c 'echo first; echo '\\''went wrong'\\'' >&2; exit 3'", error.Message);
        Assert.Contains("   @ /tmp", error.Message);
        Assert.Contains("   went wrong", error.Message);
    }

    [Fact]
    public void A_non_zero_exit_can_be_accepted()
    {
        var result = ProcessTasks.StartProcess("/bin/sh", ["-c", "exit 4"], new ProcessOptions { AssertZeroExitCode = false });

        Assert.Equal(4, result.ExitCode);
    }

    [Fact]
    public void Given_variables_are_added_to_the_inherited_environment_not_replacing_it()
    {
        var result = ProcessTasks.StartProcess("/bin/sh", ["-c", "echo \"$PAZPAZ_TEST_VALUE|$PATH\""], new ProcessOptions
        {
            EnvironmentVariables = new Dictionary<string, string?> { ["PAZPAZ_TEST_VALUE"] = "given" },
        });

        var parts = result.StandardOutput.Split('|');
        Assert.Equal("given", parts[0]);
        Assert.Equal(Environment.GetEnvironmentVariable("PATH"), parts[1]);
    }

    [Fact]
    public void A_timeout_kills_the_process_and_says_so()
    {
        var started = DateTime.UtcNow;

        var error = Assert.Throws<ProcessException>(() =>
            ProcessTasks.StartProcess("/bin/sh", ["-c", "sleep 20"], new ProcessOptions { Timeout = TimeSpan.FromMilliseconds(300) }));

        Assert.Contains("timed out after 0.3 s and was killed", error.Message);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void A_probe_reports_any_exit_code_and_resolves_bare_tool_names()
    {
        var failing = ProcessTasks.Probe("sh", ["-c", "echo asked; exit 7"], TimeSpan.FromSeconds(10));

        Assert.Equal(7, failing.ExitCode);
        Assert.Equal("asked", failing.StandardOutput);
        Assert.Throws<InvalidOperationException>(() => ProcessTasks.Probe("no-such-tool-pazpaz", [], TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void A_missing_tool_is_named_with_the_fix()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ProcessTasks.ResolveTool("no-such-tool-pazpaz"));

        Assert.Contains("Could not find 'no-such-tool-pazpaz' on the PATH", error.Message);
        Assert.Contains("NO-SUCH-TOOL-PAZPAZ_EXE", error.Message);
    }
}
