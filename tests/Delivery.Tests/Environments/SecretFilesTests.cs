using BuildEngine.IO;
using Delivery.Environments;

namespace Delivery.Tests.Environments;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SecretFilesTests
{
    [Fact]
    public void The_database_password_is_written_on_a_tmpfs_private_directory_and_named_for_compose()
    {
        var directory = AbsolutePath.Create("/dev/shm") / "pazpaz-test" / Guid.NewGuid().ToString("N");
        Assert.True(SecretFiles.IsOnTmpfs(directory), "/dev/shm is expected to be a tmpfs on Linux hosts");
        var secret = "pw-" + Guid.NewGuid().ToString("N");
        try
        {
            var variables = SecretFiles.Write(new SecretValues(new Dictionary<string, string> { [SecretNames.DatabasePassword] = secret }), directory);

            var file = variables[SecretFiles.DatabasePasswordFileVariable];
            Assert.Equal(directory / "db-password", AbsolutePath.Create(file));
            Assert.Equal(secret, File.ReadAllText(file));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(directory));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(file));
            Assert.Single(Directory.GetFiles(directory));
        }
        finally
        {
            SecretFiles.Remove(directory);
        }
        Assert.False(directory.DirectoryExists());
    }

    [Fact]
    public void A_directory_on_disk_is_refused()
    {
        var onDisk = AbsolutePath.Create(AppContext.BaseDirectory) / "secrets";
        Assert.False(SecretFiles.IsOnTmpfs(onDisk), $"{onDisk} is expected to be on a disk");

        var error = Assert.Throws<EnvironmentConfigurationException>(() =>
            SecretFiles.Write(new SecretValues(new Dictionary<string, string> { [SecretNames.DatabasePassword] = "x" }), onDisk)).Message;

        Assert.StartsWith($"'{onDisk}' is not on a tmpfs: secret files must live in memory only.", error);
        Assert.False(onDisk.DirectoryExists());
    }
}
