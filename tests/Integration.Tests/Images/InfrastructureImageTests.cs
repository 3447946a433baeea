using System.Text.Json;
using Docker.DotNet.Models;

namespace Integration.Tests.Images;

/// <summary>Every infrastructure image runs as its fixed non-root user under the hardened options and turns healthy.</summary>
[Collection(DockerCollection.Name)]
public sealed class InfrastructureImageTests(DockerFixture docker)
{
    [Theory]
    [InlineData("prometheus", "10005:10005")]
    [InlineData("redis", "10006:10006")]
    public async Task Runs_non_root_read_only_and_healthy(string image, string user)
    {
        var built = await docker.BuildAsync(image);

        var id = (await docker.RunAsync(new ContainerSpec(image, built.Id))).Id;
        var health = await docker.WaitForHealthAsync(id, TimeSpan.FromSeconds(60));
        var container = await docker.Client.Containers.InspectContainerAsync(id);

        Assert.Equal("healthy", health);
        Assert.Equal(user, container.Config!.User);
    }

    [Fact]
    public async Task Postgres_initialises_from_a_password_file_with_checksums_and_turns_healthy()
    {
        var built = await docker.BuildAsync("postgres");
        var passwordFile = docker.WorkDirectory / "postgres-password";
        File.WriteAllText(passwordFile, "integration-" + Guid.NewGuid().ToString("N"));
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var id = (await docker.RunAsync(new ContainerSpec("postgres", built.Id)
        {
            Mounts = [new Mount { Type = "bind", Source = passwordFile, Target = "/run/secrets/postgres-password", ReadOnly = true }],
            Environment = ["POSTGRES_PASSWORD_FILE=/run/secrets/postgres-password", "POSTGRES_DB=pazpaz"],
        })).Id;
        var health = await docker.WaitForHealthAsync(id, TimeSpan.FromSeconds(90));
        var container = await docker.Client.Containers.InspectContainerAsync(id);

        Assert.Equal("healthy", health);
        Assert.Equal("10004:10004", container.Config!.User);
        Assert.Contains("data_checksums = on", await ShowAsync(id, "SHOW data_checksums", File.ReadAllText(passwordFile)));
        Assert.Contains("pazpaz", await ShowAsync(id, "SELECT datname FROM pg_database", File.ReadAllText(passwordFile)));

        // Server logs are JSON lines on docker logs once the collector takes over (issue #9), errors with their SQL state.
        await ShowAsync(id, "SELECT no_such_column", File.ReadAllText(passwordFile));
        var logs = await docker.LogsAsync(id);
        var json = logs.Split('\n').SkipWhile(l => !l.Contains("Future log output will go to log destination \"jsonlog\"", StringComparison.Ordinal))
            .Skip(1).Where(l => l.Trim().Length > 0).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        Assert.Contains(json, l => l.GetProperty("message").GetString() == "database system is ready to accept connections");
        Assert.Contains(json, l => l.GetProperty("error_severity").GetString() == "ERROR" && l.GetProperty("state_code").GetString() == "42703");
    }

    [Fact]
    public async Task Postgres_refuses_to_start_without_a_password_file()
    {
        var built = await docker.BuildAsync("postgres");

        var id = (await docker.RunAsync(new ContainerSpec("postgres-nopassword", built.Id))).Id;
        var health = await docker.WaitForHealthAsync(id, TimeSpan.FromSeconds(30));
        var logs = await docker.LogsAsync(id);

        Assert.StartsWith("exited (1)", health, StringComparison.Ordinal);
        Assert.Contains("Set POSTGRES_PASSWORD_FILE to a file holding the superuser password", logs);
    }

    async Task<string> ShowAsync(string containerId, string sql, string password)
    {
        var exec = await docker.Client.Exec.CreateContainerExecAsync(containerId, new ContainerExecCreateParameters
        {
            Cmd = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-Atc", sql.Replace("SHOW data_checksums", "SELECT 'data_checksums = ' || current_setting('data_checksums')")],
            Env = [$"PGPASSWORD={password}"],
            AttachStdout = true,
            AttachStderr = true,
        });
        using var stream = await docker.Client.Exec.StartContainerExecAsync(exec.ID, new ContainerExecStartParameters());
        var (stdout, stderr) = await stream.ReadOutputToEndAsync(CancellationToken.None);
        return stdout + stderr;
    }
}
