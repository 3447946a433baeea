using BuildEngine.IO;
using Delivery.Scanning.Dependencies;
using Delivery.Scanning.Images;
using Delivery.Scanning.Policy;
using Delivery.Scanning.Sbom;
using Delivery.Scanning.Secrets;
using Delivery.Scanning.Trivy;
using Docker.DotNet;

namespace Delivery.Scanning;

/// <summary>The Scan target's scanners and SBOMs: every one runs, each says whether it could and why not.</summary>
public static class SecurityScans
{
    /// <param name="tools">Where npm and dotnet tools are installed (the build's temp folder, never committed).</param>
    public static SecurityScan All(IDockerClient client, AbsolutePath tools) => new(
    [
        new DockerfilePolicyScanner(),
        new ComposePolicyScanner(),
        new WorkflowPolicyScanner(),
        new SecretlintScanner(new SecretlintSettings(tools / "secretlint")),
        new ImageSecretScanner(client),
        new DebianSecurityScanner(client),
        new TrivyScanner(),
        new NuGetVulnerabilityScanner(new NuGetVulnerabilitySettings()),
        new NpmAuditScanner(new NpmAuditSettings()),
    ],
    [
        new ImageSboms(client),
        new NpmSbomGenerator(new NpmSbomSettings(tools / "cyclonedx-npm")),
        new NuGetSbomGenerator(new NuGetSbomSettings(tools / "cyclonedx-dotnet")),
    ]);
}
