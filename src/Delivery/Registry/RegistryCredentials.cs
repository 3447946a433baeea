using System.Security.Cryptography;
using System.Text.Json;
using BuildEngine.IO;
using BuildEngine.Logging;

namespace Delivery.Registry;

/// <summary>A registry login. The password is registered as a secret the moment it exists, so no output can show it.</summary>
public sealed record RegistryCredentials(string Username, string Password)
{
    /// <summary>
    /// The embedded registry's credentials: generated once under <c>.nuke/temp/registry</c> (never committed), with the
    /// bcrypt htpasswd file the registry reads.
    /// </summary>
    public static RegistryCredentials LoadOrCreateEmbedded(AbsolutePath directory)
    {
        var file = directory / "credentials.json";
        RegistryCredentials credentials;
        if (file.FileExists())
            credentials = JsonSerializer.Deserialize<RegistryCredentials>(file.ReadAllText())
                          ?? throw new InvalidOperationException($"{file} is empty; delete it to generate new credentials.");
        else
        {
            credentials = new RegistryCredentials("pazpaz", Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_'));
            file.WriteAllText(JsonSerializer.Serialize(credentials));
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        SecretMasker.Register(credentials.Password);
        var htpasswd = directory / "htpasswd";
        if (!htpasswd.FileExists() || !BCrypt.Net.BCrypt.Verify(credentials.Password, htpasswd.ReadAllText().Trim().Split(':', 2)[1]))
            htpasswd.WriteAllText($"{credentials.Username}:{BCrypt.Net.BCrypt.HashPassword(credentials.Password, workFactor: 10)}\n");
        return credentials;
    }
}
