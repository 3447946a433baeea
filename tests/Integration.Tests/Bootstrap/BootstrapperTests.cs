using System.Text.RegularExpressions;
using BuildEngine.Tooling;

namespace Integration.Tests.Bootstrap;

/// <summary>The real <c>./build.sh</c> against a copy of this repository: CLI contract, warm start, and the version following HEAD.</summary>
public sealed partial class BootstrapperTests : IClassFixture<BootstrapperTests.CompiledCopy>
{
    readonly RepositoryCopy _repository;

    public BootstrapperTests(CompiledCopy copy) => _repository = copy.Repository;

    /// <summary>One copy, compiled once, shared by the tests that do not change its commit.</summary>
    public sealed class CompiledCopy : IDisposable
    {
        public CompiledCopy()
        {
            Repository = new RepositoryCopy();
            FirstRun = Repository.Build("--help");
        }

        public RepositoryCopy Repository { get; }
        public BuildEngine.Tooling.ProcessResult FirstRun { get; }
        public void Dispose() => Repository.Dispose();
    }

    [Fact]
    public void Help_lists_targets_with_dependencies_and_parameters_with_environment_names()
    {
        var result = _repository.Build("--help");

        Assert.Equal(0, result.ExitCode);
        var text = result.Text();
        Assert.Contains("Targets (with their direct dependencies):", text);
        Assert.Matches(@"Test \(default\)\s+-> Compile, ", text);
        Assert.Contains("--configuration", text);
        Assert.Contains("env CONFIGURATION", text);
        Assert.DoesNotContain("Compiled the build", text);
    }

    [Fact]
    public void A_mistyped_target_fails_before_anything_runs_with_a_suggestion()
    {
        var result = _repository.Build("Tset");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Target with name 'Tset' does not exist. Did you mean 'Test'?", result.Text());
        Assert.False(Directory.Exists(Path.Combine(_repository.Path, "artifacts")));
    }

    /// <summary>Bad deploy input fails before anything changes: a clear message naming the problem and the fix, a non-zero exit.</summary>
    [Theory]
    [InlineData("unknown environment", "Unknown environment 'nope'. Known environments: dev, staging, prod.", "Rollback", "--environment", "nope")]
    [InlineData("release not proven on staging", "No release has passed Smoke on staging", "DeployProd", "--release-digest", "sha256:0000")]
    [InlineData("missing secret", "PAZPAZ_DATABASE_PASSWORD", "Rollback", "--environment", "staging")]
    [InlineData("malformed parameter", "--bake-seconds", "Rollback", "--environment", "staging", "--bake-seconds", "soon")]
    [InlineData("restore of prod without the confirmation", "Restore would replace prod's live database with the backup's copy; later writes are lost. Nothing was changed. To proceed, add: --confirm prod --force", "Restore", "--environment", "prod", "--to", "latest")]
    [InlineData("restore with the wrong confirmation", "To proceed, add: --confirm staging", "Restore", "--environment", "staging", "--confirm", "prod")]
    [InlineData("prod through the staging target", "DeployStaging deploys to staging (or dev), not prod", "DeployStaging", "--environment", "prod", "--skip")]
    public void Bad_deploy_input_fails_with_a_clear_message_before_anything_changes(string _, string message, params string[] arguments)
    {
        var result = RepositoryCopy.Run(_repository.Path, Path.Combine(_repository.Path, "build.sh"), arguments, assertSuccess: false,
            new Dictionary<string, string?> { ["PAZPAZ_DATABASE_PASSWORD"] = null, ["PAZPAZ_AGE_IDENTITY"] = null, ["GITHUB_ACTIONS"] = null });

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(message, result.Text());
        Assert.DoesNotContain("> /usr/bin/docker", result.Text());
        Assert.DoesNotContain("Take the", result.Text());
    }

    [Fact]
    public void Plan_prints_the_order_with_reasons_and_runs_nothing()
    {
        var result = _repository.Build("--plan", "Test");

        Assert.Equal(0, result.ExitCode);
        var steps = Regex.Matches(result.Text(), @"^\s+\d+\. (?<target>\w+)\s+(?<reason>.+)$", RegexOptions.Multiline)
            .Select(m => (m.Groups["target"].Value, m.Groups["reason"].Value.Trim())).ToList();
        Assert.Equal(("Test", "invoked"), steps[^1]);
        Assert.Contains(("Compile", "dependency of Test"), steps);
        Assert.All(steps[..^1], s => Assert.Matches(@"^dependency of \w+$", s.Item2));
        Assert.False(Directory.Exists(Path.Combine(_repository.Path, "artifacts")));
    }

    [Fact]
    public void The_version_names_the_commit_being_built()
    {
        var result = _repository.Build("--version");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"sha: {_repository.Git("rev-parse", "HEAD")}", result.Text());
    }

    [Fact]
    public void A_new_commit_that_changes_no_build_source_gives_a_new_version()
    {
        using var repository = new RepositoryCopy();
        var before = repository.Build("--version");
        Assert.Equal(0, before.ExitCode);
        Assert.Equal(Head(repository), VersionSha(before.Text()));
        var warm = repository.Build("--version");
        Assert.DoesNotContain("Compiled the build", warm.Text());

        repository.Git("commit", "-q", "--allow-empty", "-m", "no source change");
        var after = repository.Build("--version");

        Assert.Contains("Compiled the build", after.Text());
        Assert.Equal(Head(repository), VersionSha(after.Text()));
        Assert.NotEqual(VersionSha(before.Text()), VersionSha(after.Text()));
    }

    [Fact]
    public void Without_git_history_the_version_is_an_explicit_local_fallback()
    {
        using var repository = new RepositoryCopy(withGit: false);
        var result = repository.Build("--version");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("0.0.0-local", result.Text());
        Assert.Contains("reason: there is no git repository", result.Text());
    }

    [Fact]
    public void A_shallow_clone_is_reported_not_silently_versioned()
    {
        using var source = new RepositoryCopy();
        source.Git("commit", "-q", "--allow-empty", "-m", "second");
        var shallow = Directory.CreateTempSubdirectory("pazpaz-shallow-").FullName;
        try
        {
            RepositoryCopy.Run(Path.GetTempPath(), "git", ["clone", "-q", "--depth", "1", "file://" + source.Path, shallow]);
            var result = RepositoryCopy.Run(shallow, Path.Combine(shallow, "build.sh"), ["--version"], assertSuccess: false);

            Assert.Equal(0, result.ExitCode);
            Assert.Contains("0.0.0-local", result.Text());
            Assert.Contains("reason: this is a shallow clone", result.Text());
        }
        finally
        {
            Directory.Delete(shallow, recursive: true);
        }
    }

    [Fact]
    public void The_polyglot_build_cmd_runs_build_sh_under_bash()
    {
        var result = RepositoryCopy.Run(_repository.Path, "bash", ["build.cmd", "--version"], assertSuccess: false);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(Head(_repository), VersionSha(result.Text()));
    }

    [Fact]
    public void The_powershell_bootstrapper_keeps_the_same_contract()
    {
        // PowerShell is pinned as a local .NET tool (.config/dotnet-tools.json), so this runs wherever the SDK does.
        RepositoryCopy.Run(_repository.Path, "dotnet", ["tool", "restore"]);
        ProcessResult Pwsh(params string[] arguments) =>
            RepositoryCopy.Run(_repository.Path, "dotnet", ["tool", "run", "pwsh", "-NoProfile", "-File", "build.ps1", .. arguments], assertSuccess: false);

        var version = Pwsh("--version");
        var typo = Pwsh("Tset");
        var warm = Pwsh("--help");

        Assert.Equal(0, version.ExitCode);
        Assert.Equal(Head(_repository), VersionSha(version.Text()));
        Assert.Equal(2, typo.ExitCode);
        Assert.Contains("Did you mean 'Test'?", typo.Text());
        Assert.Equal(0, warm.ExitCode);
        Assert.DoesNotContain("Compiled the build", warm.Text());
    }

    static string Head(RepositoryCopy repository) => repository.Git("rev-parse", "HEAD");

    static string VersionSha(string output)
    {
        var match = ShaLine().Match(output);
        Assert.True(match.Success, $"No 'sha:' line in:\n{output}");
        return match.Groups["sha"].Value;
    }

    [GeneratedRegex(@"^sha: (?<sha>[0-9a-f]{40})$", RegexOptions.Multiline)]
    private static partial Regex ShaLine();
}
