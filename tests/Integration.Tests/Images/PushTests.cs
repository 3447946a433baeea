using Integration.Tests.Bootstrap;

namespace Integration.Tests.Images;

/// <summary>The Push target end to end, in a copy of the repository, against the fixture's throwaway registry.</summary>
[Collection(DockerCollection.Name)]
public sealed class PushTests(DockerFixture docker)
{
    // Scan is skipped: it is not what this test is about, and it has its own tests (Scanning/).
    [Fact]
    public void A_wrong_registry_password_fails_clearly_with_exit_code_1_and_records_nothing()
    {
        using var repository = new RepositoryCopy();

        var result = repository.BuildAsCi("Push", "--registry", docker.Registry.Address, "--registry-username", "pazpaz",
            "--registry-password", "definitely-wrong", "--skip", "Scan");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"registry {docker.Registry.Address} refused the credentials of user 'pazpaz'", result.Text());
        Assert.Contains("Check --registry-username and --registry-password", result.Text());
        Assert.DoesNotContain("definitely-wrong", result.Text());
        Assert.False(File.Exists(Path.Combine(repository.Path, "artifacts", "images.json")), "a failed push must not record anything");
    }
}
