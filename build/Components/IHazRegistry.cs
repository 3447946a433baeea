using BuildEngine;
using Delivery.Registry;

/// <summary>Where images go. Without settings: the embedded registry on 127.0.0.1:5000 with generated credentials.</summary>
interface IHazRegistry : INukeBuild
{
    [Parameter("Registry (host[:port]) to push to; default: the embedded registry on 127.0.0.1:5000")]
    string Registry => TryGetValue(() => Registry) ?? EmbeddedRegistrySettings.DefaultAddress;

    [Parameter("Registry user; the embedded registry's is generated")]
    string? RegistryUsername => TryGetValue(() => RegistryUsername);

    [Parameter("Registry password; the embedded registry's is generated under .nuke/temp/registry"), Secret]
    string? RegistryPassword => TryGetValue(() => RegistryPassword);

    bool UsesEmbeddedRegistry => Registry == EmbeddedRegistrySettings.DefaultAddress;

    RegistryCredentials RegistryCredentials
    {
        get
        {
            if (RegistryPassword is { } password)
                return new RegistryCredentials(RegistryUsername ?? (UsesEmbeddedRegistry ? EmbeddedCredentials.Username : ""), password);
            return UsesEmbeddedRegistry
                ? EmbeddedCredentials
                : throw new InvalidOperationException($"Registry {Registry} needs credentials: set --registry-username and --registry-password (or REGISTRY_PASSWORD).");
        }
    }

    RegistryCredentials EmbeddedCredentials => RegistryCredentials.LoadOrCreateEmbedded(TemporaryDirectory / "registry");
}
