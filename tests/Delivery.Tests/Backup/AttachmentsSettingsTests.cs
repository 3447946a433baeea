using Delivery.Backup.Attachments;
using Delivery.Environments;

namespace Delivery.Tests.Backup;

public sealed class AttachmentsSettingsTests
{
    [Fact]
    public void The_test_settings_are_valid()
    {
        Assert.Empty(AttachmentsTestSettings.Local.Problems());
        Assert.Empty(AttachmentsTestSettings.Offsite.Problems());
    }

    [Fact]
    public void Every_problem_is_reported_at_once_naming_the_setting_and_the_fix()
    {
        var settings = AttachmentsTestSettings.Local with
        {
            Image = "",
            Bucket = "Attachments_Bucket",
            Source = AttachmentsTestSettings.Local.Source with { Endpoint = new Uri("ftp://s3") },
            Secrets = SecretValues.Empty,
            Keep = new KeepPolicy(0, 0, 0),
            StagingVolume = "pazpaz-attachments-restore",
            CheckPercent = 0,
        };

        var error = Assert.Throws<AttachmentBackupException>(() => settings.EnsureValid());

        Assert.Contains("AttachmentBackupImage: '' is not an image reference; build it with ./build.sh DockerBuild", error.Message);
        Assert.Contains("AttachmentBucket: 'Attachments_Bucket' is not a bucket name", error.Message);
        Assert.Contains("AttachmentSource: endpoint 'ftp://s3/' must be an absolute http:// or https:// URL", error.Message);
        Assert.Contains($"AttachmentSource: secret '{AttachmentSecretNames.S3SecretAccessKey}' is not loaded", error.Message);
        Assert.Contains($"Secret '{AttachmentSecretNames.ResticPassword}' (restic's repository password) is not loaded", error.Message);
        Assert.Contains("openssl rand -base64 32", error.Message);
        Assert.Contains("AttachmentKeep: keeps nothing", error.Message);
        Assert.Contains("three different volumes", error.Message);
        Assert.Contains("AttachmentCheckPercent: 0 must be between 1 and 100", error.Message);
    }

    [Fact]
    public void A_short_restic_password_is_refused_without_showing_it()
    {
        var settings = AttachmentsTestSettings.Local with
        {
            Secrets = new SecretValues(new Dictionary<string, string>
            {
                [AttachmentSecretNames.S3AccessKeyId] = "id", [AttachmentSecretNames.S3SecretAccessKey] = "key", [AttachmentSecretNames.ResticPassword] = "hunter2",
            }),
        };

        var problem = Assert.Single(settings.Problems());

        Assert.Contains("shorter than 16 characters", problem);
        Assert.DoesNotContain("hunter2", problem);
    }

    [Fact]
    public void Rendering_the_settings_shows_secret_names_never_values()
    {
        var text = AttachmentsTestSettings.Offsite.ToString();

        Assert.Contains(AttachmentSecretNames.ResticPassword, text);
        Assert.All(AttachmentsTestSettings.SecretValues, value => Assert.DoesNotContain(value, text));
    }

    [Fact]
    public void An_offsite_remote_may_not_share_the_sources_name()
    {
        var offsite = (AttachmentRepository.Offsite)AttachmentsTestSettings.Offsite.Repository;
        var settings = AttachmentsTestSettings.Offsite with { Repository = offsite with { Store = offsite.Store with { Name = "SOURCE" } } };

        Assert.Contains(settings.Problems(), p => p.Contains("the offsite remote is named 'SOURCE' like the source", StringComparison.Ordinal));
    }
}
