using BuildEngine;
using BuildEngine.IO;
using Delivery.Backup;
using Delivery.Environments;
using Delivery.Execution;

/// <summary>
/// Where an environment's database backups are (docs/operations/backup.md): the postgres container, its image, the
/// repository volume, and the passphrase file restores mount. Backup, Restore and RestoreDrill share it.
/// </summary>
interface IHazBackups : IHazDeployment, IHazMetrics
{
    AuditedOperation AuditedIn(EnvironmentName environment) => new(AuditorOf(environment), environment.Name, Actor);

    DatabaseBackupSettings BackupSettingsOf(EnvironmentName environment)
    {
        var project = SettingsOf(environment).ComposeProject;
        var container = $"{project}-postgres-1";
        var image = new ProcessStepRunner().Probe(Step.Run("postgres image", "docker", "inspect", "--format", "{{.Config.Image}}", container));
        if (!image.Succeeded)
            throw new BackupException($"{container} is not there: deploy {environment} first (./build.sh DeployStaging), or check DOCKER_HOST.");
        return new DatabaseBackupSettings
        {
            Environment = environment.Name,
            Container = container,
            Image = image.Output.Trim(),
            RepositoryVolume = $"{project}_pgbackrest",
        };
    }

    /// <summary>A restore reads the repository with the passphrase from the same tmpfs file the deploy writes.</summary>
    DatabaseBackupSettings RestoreSettingsOf(EnvironmentName environment)
    {
        var files = SecretFiles.Write(new SecretSource(RootDirectory, environment).Load(), SecretFiles.DefaultDirectory(SettingsOf(environment).ComposeProject));
        return BackupSettingsOf(environment) with
        {
            PassphraseFile = files.GetValueOrDefault(SecretFiles.BackupPassphraseFileVariable)
                ?? throw new BackupException($"{SecretNames.BackupPassphrase} is not set for {environment}: a restore cannot read the repository without it (docs/operations/backup.md)."),
        };
    }
}
