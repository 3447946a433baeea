using BuildEngine.IO;
using Delivery.Images;
using Delivery.Scanning;
using Delivery.Scanning.Images;
using Integration.Tests.Images;

namespace Integration.Tests.Scanning;

/// <summary>A key baked into an image's ENV is found (and not repeated in the message); a clean image and the project's registry image are clean.</summary>
[Collection(DockerCollection.Name)]
public sealed class ImageSecretScannerTests(DockerFixture docker) : IAsyncLifetime
{
    // Assembled at run time, so the repository holds no string that looks like a key (AWS's documented example id).
    static readonly string AwsKeyId = "AKIA" + "IOSFODNN7EXAMPLE";

    FixtureImages _images = null!;

    public Task InitializeAsync()
    {
        _images = new FixtureImages(docker.Client);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _images.DisposeAsync();

    [Fact]
    public async Task A_key_in_an_env_is_reported_once_without_its_value_and_clean_images_have_no_findings()
    {
        var leaky = await _images.BuildAsync("leaky", $"FROM {BaseImageSettings.Tag}\nENV AWS_ACCESS_KEY_ID={AwsKeyId} AWS_REGION=eu-west-1\n");
        var clean = await _images.BuildAsync("clean", $"FROM {BaseImageSettings.Tag}\nENV DB_PASSWORD_FILE=/run/secrets/db AWS_REGION=eu-west-1\nLABEL org.pazpaz.purpose=scan-test\n");
        var project = docker.RegistryImage.Tags[0];
        var target = new ScanTarget(AbsolutePath.Create(Path.GetTempPath()), [new("leaky", leaky), new("clean", clean), new("registry", project)],
            AbsolutePath.Create(Path.GetTempPath()) / "pazpaz-scan-test");

        var result = await new ImageSecretScanner(docker.Client).ScanAsync(target, _ => { });

        Assert.Equal(ScannerStatus.Ran, result.Status);
        var finding = Assert.Single(result.Findings);
        Assert.Equal(("aws-access-key-id", FindingKind.Secret, leaky), (finding.Id, finding.Kind, finding.Location));
        Assert.Contains("'AWS_ACCESS_KEY_ID'", finding.Message, StringComparison.Ordinal);
        Assert.Contains("ENV AWS_ACCESS_KEY_ID", finding.Message, StringComparison.Ordinal);
        Assert.Contains("history step", finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(AwsKeyId, finding.ToString(), StringComparison.Ordinal);
    }
}
