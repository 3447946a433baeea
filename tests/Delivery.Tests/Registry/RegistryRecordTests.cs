using BuildEngine.IO;
using BuildEngine.Logging;
using Delivery.Registry;

namespace Delivery.Tests.Registry;

public sealed class RegistryRecordTests : IDisposable
{
    readonly AbsolutePath _directory = AbsolutePath.Create(Directory.CreateTempSubdirectory("registry-").FullName);

    [Fact]
    public void The_manifest_round_trips_and_addresses_images_by_digest()
    {
        var image = new PushedImage("api", "127.0.0.1:5000/pazpaz/api", "1.0.0", "sha256:" + new string('a', 64));
        new ImagesManifest("1.0.0", "abc", [image]).Write(_directory / "images.json");

        var read = ImagesManifest.Read(_directory / "images.json");

        Assert.Equal("127.0.0.1:5000/pazpaz/api@sha256:" + new string('a', 64), Assert.Single(read.Images).Reference);
        Assert.Equal(("1.0.0", "abc"), (read.Version, read.Revision));
    }

    [Theory]
    [InlineData(null, "does not exist: no push is recorded here")]
    [InlineData("{\"version\": ", "is not an image manifest")]
    [InlineData("null", "holds no image manifest")]
    public void A_missing_or_broken_manifest_is_an_error_that_says_to_push(string? content, string problem)
    {
        if (content is not null)
            (_directory / "images.json").WriteAllText(content);

        var error = Assert.Throws<InvalidOperationException>(() => ImagesManifest.Read(_directory / "images.json")).Message;

        Assert.Contains(problem, error);
        Assert.Contains("Run ./build.sh Push", error);
    }

    [Fact]
    public void Embedded_credentials_are_generated_once_hashed_for_the_registry_and_masked()
    {
        var first = RegistryCredentials.LoadOrCreateEmbedded(_directory);
        var second = RegistryCredentials.LoadOrCreateEmbedded(_directory);

        Assert.Equal(first, second);
        Assert.True(first.Password.Length >= 32);
        var (user, hash) = ((_directory / "htpasswd").ReadAllText().Trim().Split(':', 2) is var parts ? (parts[0], parts[1]) : default);
        Assert.Equal("pazpaz", user);
        Assert.StartsWith("$2", hash, StringComparison.Ordinal);
        Assert.True(BCrypt.Net.BCrypt.Verify(first.Password, hash));
        Assert.Equal("login ***", SecretMasker.Redact($"login {first.Password}"));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_directory / "credentials.json"));
    }

    public void Dispose() => _directory.DeleteDirectory();
}
