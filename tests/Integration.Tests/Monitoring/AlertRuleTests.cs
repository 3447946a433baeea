using Integration.Tests.Images;

namespace Integration.Tests.Monitoring;

/// <summary>
/// The alert rules under compose/monitoring/prometheus checked and unit-tested by the promtool of our prometheus image;
/// and proof that this harness notices a broken rule and a wrong expectation, so a green run means something.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class AlertRuleTests(DockerFixture docker)
{
    [Fact]
    public async Task Promtool_accepts_every_rule_file()
    {
        var files = MonitoringFiles.RuleFiles.Select(MonitoringFiles.Relative).ToArray();
        var promtool = await PromtoolContainer.StartAsync(docker, "promtool-check", MonitoringFiles.Root);

        var (exitCode, output) = await promtool.RunAsync(["check", "rules", "--lint=all", "--lint-fatal", .. files]);

        Assert.NotEmpty(files);
        Assert.True(exitCode == 0, output);
        Assert.Equal(files.Length, output.Split("SUCCESS").Length - 1);
    }

    [Fact]
    public async Task Promtool_unit_tests_pass()
    {
        var files = MonitoringFiles.TestFiles.Select(MonitoringFiles.Relative).ToArray();
        var promtool = await PromtoolContainer.StartAsync(docker, "promtool-test", MonitoringFiles.Root);

        var (exitCode, output) = await promtool.RunAsync(["test", "rules", .. files]);

        Assert.NotEmpty(files);
        Assert.True(exitCode == 0, output);
        Assert.Equal(files.Length, output.Split("SUCCESS").Length - 1);
    }

    [Fact]
    public async Task Promtool_fails_a_broken_rule_and_a_wrong_expectation()
    {
        var folder = docker.WorkDirectory / "promtool-broken";
        Directory.CreateDirectory(folder / "rules");
        Directory.CreateDirectory(folder / "tests");
        File.Copy(Path.Combine(MonitoringFiles.Root, "rules", "targets.yml"), folder / "rules" / "targets.yml");
        File.WriteAllText(folder / "rules" / "broken.yml", """
            groups:
              - name: broken
                rules:
                  - alert: Broken
                    expr: rate(up[5m] > 0
            """);
        // The target is up the whole time, yet the test claims InstanceDown fires.
        File.WriteAllText(folder / "tests" / "wrong.test.yml", """
            rule_files: [../rules/targets.yml]
            tests:
              - interval: 1m
                input_series:
                  - series: 'up{environment="prod",job="node",instance="node-exporter:9100"}'
                    values: '1x10'
                alert_rule_test:
                  - eval_time: 10m
                    alertname: InstanceDown
                    exp_alerts:
                      - exp_labels: {severity: page, environment: prod, job: node, instance: "node-exporter:9100"}
            """);
        ReadableByAll(folder);
        var promtool = await PromtoolContainer.StartAsync(docker, "promtool-broken", folder);

        var (checkExit, checkOutput) = await promtool.RunAsync("check", "rules", "rules/broken.yml");
        var (testExit, testOutput) = await promtool.RunAsync("test", "rules", "tests/wrong.test.yml");

        Assert.NotEqual(0, checkExit);
        Assert.Contains("FAILED", checkOutput);
        Assert.NotEqual(0, testExit);
        Assert.Contains("alertname: InstanceDown", testOutput);
    }

    /// <summary>The image's promtool runs as uid 10005; the test's temp folders are the test user's alone.</summary>
    static void ReadableByAll(string folder)
    {
        if (OperatingSystem.IsWindows())
            return;
        const UnixFileMode file = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        const UnixFileMode directory = file | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        foreach (var path in Directory.GetDirectories(folder, "*", SearchOption.AllDirectories).Append(folder))
            File.SetUnixFileMode(path, directory);
        foreach (var path in Directory.GetFiles(folder, "*", SearchOption.AllDirectories))
            File.SetUnixFileMode(path, file);
    }
}
