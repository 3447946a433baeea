using BuildEngine.Execution;
using BuildEngine.Tests.Support;
using BuildEngine.Tooling;
using Serilog;

namespace BuildEngine.Tests.Logging;

/// <summary>A [Secret] value never reaches the output: not in log lines, process dumps, exception messages or the summary.</summary>
public sealed class SecretRedactionTests
{
    const string Secret = "s3cr3t-Hunter2";

    [Theory]
    [InlineData("normal")]
    [InlineData("verbose")]
    public void ASecretLoggedWithSerilog_IsRedacted(string verbosity)
    {
        using var runner = new BuildRunner();

        var r = runner.Run<SecretBuild>("LogIt", "--registry-password", Secret, "--verbosity", verbosity);

        Assert.Equal(0, r.ExitCode);
        Assert.DoesNotContain(Secret, r.Output, StringComparison.Ordinal);
        Assert.Contains("password is ***", r.Output, StringComparison.Ordinal);
        Assert.Contains("structured {\"Password\":\"***\"}", r.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("normal")]
    [InlineData("verbose")]
    public void ASecretEchoedByAFailingProcess_IsRedactedInTheOutputAndTheException(string verbosity)
    {
        using var runner = new BuildRunner();

        var r = runner.Run<SecretBuild>("EchoIt", "--registry-password", Secret, "--verbosity", verbosity);

        Assert.Equal(1, r.ExitCode);
        Assert.DoesNotContain(Secret, r.Output, StringComparison.Ordinal);
        Assert.Equal(ExecutionStatus.Failed, r.Status("EchoIt"));
        Assert.StartsWith("ProcessException: Process 'sh' exited with code 1", r.Target("EchoIt").SummaryInfo, StringComparison.Ordinal);
        var thrown = Assert.IsType<ProcessException>(r.Build!.Thrown);
        Assert.DoesNotContain(Secret, thrown.Message, StringComparison.Ordinal);
        Assert.Contains("echo leaked: ***", thrown.Message, StringComparison.Ordinal);
        Assert.Contains("   leaked: ***", thrown.Message, StringComparison.Ordinal);
        // The exception's dump (command line and process output) is in the output, with the mask instead of the value.
        Assert.Contains(r.Output.Split('\n'), l => l.Contains("> /bin/sh -c", StringComparison.Ordinal) && l.Contains("echo leaked: ***", StringComparison.Ordinal));
        Assert.Contains(r.Output.Split('\n'), l => l.Contains("leaked: ***", StringComparison.Ordinal));
    }

    [Fact]
    public void ASecretFromTheEnvironment_IsRedactedToo()
    {
        using var runner = new BuildRunner();
        runner.Environment["REGISTRY_PASSWORD"] = Secret;

        var r = runner.Run<SecretBuild>("EchoIt");

        Assert.Equal(1, r.ExitCode);
        Assert.DoesNotContain(Secret, r.Output, StringComparison.Ordinal);
        Assert.Contains("leaked: ***", r.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void ASecretInAnExceptionMessage_IsRedactedInTheSummaryAndTheRecap()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<SecretBuild>("ThrowIt", "--registry-password", Secret);

        Assert.Equal(1, r.ExitCode);
        Assert.DoesNotContain(Secret, r.Output, StringComparison.Ordinal);
        Assert.Equal("InvalidOperationException: login with *** refused", SummaryTable.Row(r.Output, "ThrowIt").Info);
        Assert.Contains("Errors & Warnings:", r.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void ASecretOfAComponentParameter_IsRedacted()
    {
        using var runner = new BuildRunner();

        var r = runner.Run<SecretBuild>("LogToken", "--api-token", Secret);

        Assert.Equal(0, r.ExitCode);
        Assert.DoesNotContain(Secret, r.Output, StringComparison.Ordinal);
        Assert.Contains("token is ***", r.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void AnotherRunsSecrets_AreForgotten_SoOrdinaryTextIsNotMasked()
    {
        using var runner = new BuildRunner();
        runner.Run<SecretBuild>("LogIt", "--registry-password", "plain");

        var r = runner.Run<SecretBuild>("LogPlain");

        Assert.Contains("plain text", r.Output, StringComparison.Ordinal);
    }

    public interface IHazToken : INukeBuild
    {
        [Parameter] [Secret] string? ApiToken => TryGetValue(() => ApiToken);
    }

    sealed class SecretBuild : NukeBuild, IHazToken
    {
        [Parameter] [Secret] readonly string? RegistryPassword;

        public Exception? Thrown { get; private set; }

        Target LogIt => _ => _.Executes(() =>
        {
            Log.Information("password is {S}", RegistryPassword);
            Log.Information("structured {@Credentials}", new { Password = RegistryPassword });
        });

        Target EchoIt => _ => _.Executes(() =>
        {
            try
            {
                ProcessTasks.StartProcess("/bin/sh", ["-c", $"echo leaked: {RegistryPassword} >&2; exit 1"]);
            }
            catch (Exception e)
            {
                Thrown = e;
                throw;
            }
        });

        Target ThrowIt => _ => _.Executes(() => throw new InvalidOperationException($"login with {RegistryPassword} refused"));

        Target LogToken => _ => _.Executes(() => Log.Information("token is {T}", ((IHazToken)this).ApiToken));

        Target LogPlain => _ => _.Executes(() => Log.Information("plain text"));
    }
}
