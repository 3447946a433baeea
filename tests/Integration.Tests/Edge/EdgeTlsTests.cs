using System.Text.Json;
using BuildEngine.IO;
using Delivery.Images;
using Integration.Tests.Bootstrap;
using Integration.Tests.Images;
using ContainerSpec = Integration.Tests.Images.ContainerSpec;
using Mount = Docker.DotNet.Models.Mount;

namespace Integration.Tests.Edge;

/// <summary>
/// TLS as graders see it: openssl's protocol matrix and Debian 13's testssl 3.2 (which rates), run in a tools container
/// on the environment's network against the proxy's name, trusting the test CA.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class EdgeTlsTests(DockerFixture docker) : IAsyncLifetime
{
    static readonly string Target = $"{EdgeEnvironment.ServerName}:8443";

    /// <summary>Findings the throwaway test certificate causes, not the edge's configuration (each with the reason).</summary>
    static readonly IReadOnlyDictionary<string, string> CausedByTheTestCertificate = new Dictionary<string, string>
    {
        ["cert_revocation"] = "the test CA publishes neither a CRL nor OCSP",
    };

    EdgeEnvironment _edge = null!;
    string _tools = null!;

    public async Task InitializeAsync()
    {
        _edge = await EdgeEnvironment.StartAsync(docker);
        var folder = AbsolutePath.Create(Path.Combine(RepositoryCopy.SourceRoot, "tests", "Integration.Tests", "Edge", "Tools"));
        _tools = (await new ImageBuilder(docker.Client).BuildAsync(new ImageDefinition("edge-tools", folder), DockerFixture.Version)).Id;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("-tls1")]
    [InlineData("-tls1_1")]
    public async Task Tls_1_0_and_1_1_are_refused(string protocol)
    {
        // SECLEVEL=0 lets this client offer the old protocol at all, so a refusal is the server's.
        var (exit, output) = await OpenSslAsync(protocol, "-cipher", "DEFAULT@SECLEVEL=0");

        Assert.NotEqual(0, exit);
        Assert.DoesNotContain("Cipher is ECDHE", output);
    }

    [Theory]
    [InlineData("-tls1_2", "TLSv1.2")]
    [InlineData("-tls1_3", "TLSv1.3")]
    public async Task Tls_1_2_and_1_3_are_accepted_with_an_aead_cipher_and_a_verified_chain(string protocol, string version)
    {
        var (exit, output) = await OpenSslAsync(protocol);

        Assert.True(exit == 0, output);
        Assert.Matches($@"New, {version}, Cipher is \S*(GCM|CHACHA20)", output);
        Assert.Contains("Verify return code: 0 (ok)", output);
    }

    [Fact]
    public async Task Testssl_finds_nothing_high_or_critical_and_rates_the_edge_a_or_better()
    {
        var output = docker.WorkDirectory / "testssl";
        Directory.CreateDirectory(output);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(output, (UnixFileMode)0b111_111_111);

        var container = await docker.RunAsync(new ContainerSpec("edge-testssl", _tools)
        {
            Network = "edge",
            Tmpfs = ["/tmp"],
            Mounts = [CaMount, new Mount { Type = "bind", Source = output, Target = "/out" }],
            Command = ["testssl", "--quiet", "--color", "0", "--warnings", "off", "--add-ca", "/ca/ca.pem", "--jsonfile", "/out/testssl.json", $"https://{Target}"],
        });
        var exit = await docker.Client.Containers.WaitContainerAsync(container.Id);
        var logs = await docker.LogsAsync(container.Id);
        Assert.True((output / "testssl.json").FileExists(), $"testssl wrote no results (exit {exit.StatusCode}):\n{logs}");
        var findings = JsonDocument.Parse(File.ReadAllText(output / "testssl.json")).RootElement.EnumerateArray()
            .Select(f => (Id: f.GetProperty("id").GetString()!, Severity: f.GetProperty("severity").GetString()!, Finding: f.GetProperty("finding").GetString()!))
            .ToList();
        string Finding(string id) => findings.Single(f => f.Id == id).Finding;

        var severe = findings.Where(f => f.Severity is "HIGH" or "CRITICAL" && !CausedByTheTestCertificate.ContainsKey(f.Id)).ToList();
        Assert.True(severe.Count == 0, "testssl HIGH/CRITICAL findings:\n" + string.Join('\n', severe));
        foreach (var id in new[] { "SSLv2", "SSLv3", "TLS1", "TLS1_1" })
            Assert.StartsWith("not offered", Finding(id));
        Assert.StartsWith("offered", Finding("TLS1_2"));
        Assert.StartsWith("offered", Finding("TLS1_3"));
        var grade = Finding("overall_grade");
        Assert.True(grade is "A" or "A+", $"testssl overall grade {grade}; findings that capped it: {string.Join("; ", findings.Where(f => f.Id.StartsWith("grade_cap", StringComparison.Ordinal)))}");
        File.WriteAllText(docker.WorkDirectory / "testssl-grade.txt", grade);
        Console.WriteLine($"testssl overall grade: {grade}");
    }

    Mount CaMount => new() { Type = "bind", Source = _edge.Certificates, Target = "/ca", ReadOnly = true };

    async Task<(long Exit, string Output)> OpenSslAsync(params string[] arguments)
    {
        var container = await docker.RunAsync(new ContainerSpec("edge-openssl" + arguments[0], _tools)
        {
            Network = "edge",
            Mounts = [CaMount],
            Command = ["openssl", "s_client", "-connect", Target, "-servername", EdgeEnvironment.ServerName, "-CAfile", "/ca/ca.pem", ..arguments],
        });
        var exit = await docker.Client.Containers.WaitContainerAsync(container.Id);
        return (exit.StatusCode, await docker.LogsAsync(container.Id));
    }
}
