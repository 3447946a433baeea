using System.Text;
using System.Text.Json;
using BuildEngine.IO;

namespace Delivery.Registry;

/// <summary>
/// A Docker client configuration holding one registry login, for <c>docker pull</c> steps (<c>DOCKER_CONFIG</c>). It is
/// written next to the environment's secret files on a tmpfs and readable by this user only, instead of a
/// <c>docker login</c> that would leave the password in ~/.docker/config.json on disk.
/// </summary>
public static class DockerConfigFile
{
    public static AbsolutePath Write(AbsolutePath directory, string registry, RegistryCredentials credentials)
    {
        if (OperatingSystem.IsWindows())
            throw new PlatformNotSupportedException("Deploys run against a Linux engine from a Linux host.");
        var folder = directory / "docker";
        Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.Username}:{credentials.Password}"));
        var json = JsonSerializer.Serialize(new { auths = new Dictionary<string, object> { [registry] = new { auth } } });
        var temporary = folder / $".config.{Guid.NewGuid():N}";
        using (var stream = new FileStream(temporary, new FileStreamOptions
               {
                   Mode = FileMode.CreateNew, Access = FileAccess.Write,
                   UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
               }))
        using (var writer = new StreamWriter(stream))
            writer.Write(json);
        File.Move(temporary, folder / "config.json", overwrite: true);
        return folder;
    }
}
