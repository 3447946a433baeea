using Delivery.Backup.Attachments;
using Delivery.Execution;

namespace Delivery.Tests.Backup;

/// <summary>The plans as data: order, the exact commands, and that no secret value is anywhere a person or a log can see.</summary>
public sealed class AttachmentsPlannerTests
{
    const string Hardened = "docker run --rm --read-only --tmpfs /tmp:rw,noexec,nosuid,size=512m --cap-drop ALL --security-opt no-new-privileges:true --network pazpaz-prod";
    const string SourceRemote = "--env RCLONE_CONFIG_SOURCE_ENDPOINT=http://s3:9000 --env RCLONE_CONFIG_SOURCE_FORCE_PATH_STYLE=true " +
                                "--env RCLONE_CONFIG_SOURCE_PROVIDER=Other --env RCLONE_CONFIG_SOURCE_TYPE=s3 " +
                                "--env RCLONE_CONFIG_SOURCE_ACCESS_KEY_ID --env RCLONE_CONFIG_SOURCE_SECRET_ACCESS_KEY";

    static readonly AttachmentBackupPlanner Planner = new(AttachmentsTestSettings.Local);

    [Fact]
    public void Backup_mirrors_with_fast_list_then_snapshots_then_forgets_then_checks()
    {
        Step[] steps = [.. Planner.Stage().Steps, .. Planner.Snapshot().Steps];

        Assert.Equal(["rclone sync", "bash -c", "restic -r", "restic -r", "restic -r"], steps.Select(s => Tool(s)));
        Assert.Equal($"{Hardened} --volume pazpaz-attachments-staging:/staging {SourceRemote} pazpaz/backup-tools:1.2.3 rclone sync --fast-list source:attachments /staging/objects",
            Command(steps[0]));
        Assert.EndsWith("pazpaz/backup-tools:1.2.3 restic -r /repository backup --tag attachments --host pazpaz-attachments /staging", Command(steps[2]));
        Assert.EndsWith("restic -r /repository forget --tag attachments --host pazpaz-attachments --keep-daily 35 --keep-weekly 12 --keep-monthly 12 --prune", Command(steps[3]));
        Assert.EndsWith("restic -r /repository check --read-data-subset=5%", Command(steps[4]));
        Assert.Contains("--volume pazpaz-attachments-restic:/repository --volume pazpaz-attachments-staging:/staging:ro --env RESTIC_PASSWORD pazpaz/backup-tools", Command(steps[2]));
    }

    [Fact]
    public void Forget_is_planned_only_after_the_backup_in_the_same_plan_so_a_failed_backup_stops_before_it()
    {
        var snapshot = Planner.Snapshot().Steps.Select(Command).ToList();

        var backup = snapshot.FindIndex(c => c.Contains(" restic -r /repository backup ", StringComparison.Ordinal));
        var forget = snapshot.FindIndex(c => c.Contains(" restic -r /repository forget ", StringComparison.Ordinal));
        Assert.True(backup >= 0 && forget == backup + 1, string.Join(Environment.NewLine, snapshot));
        Assert.DoesNotContain(Planner.Stage().Steps, s => Command(s).Contains("forget", StringComparison.Ordinal));
    }

    [Fact]
    public void Restore_starts_from_an_empty_volume_verifies_and_syncs_back_with_fast_list()
    {
        Step[] steps = [.. Planner.Restore("latest").Steps, .. Planner.Upload("attachments-restored").Steps, .. Planner.RemoveRestoreCopy().Steps];

        Assert.Equal("docker volume rm --force pazpaz-attachments-restore", Command(steps[0]));
        Assert.EndsWith("restic -r /repository restore latest:/staging --tag attachments --host pazpaz-attachments --target /restore --verify", Command(steps[1]));
        Assert.Contains("--volume pazpaz-attachments-restore:/restore --env RESTIC_PASSWORD", Command(steps[1]));
        Assert.EndsWith("rclone sync --fast-list /restore/objects source:attachments-restored", Command(steps[2]));
        Assert.Contains("--volume pazpaz-attachments-restore:/restore:ro", Command(steps[2]));
        Assert.Equal("docker volume rm --force pazpaz-attachments-restore", Command(steps[3]));
    }

    [Fact]
    public void A_snapshot_id_is_restored_as_given_without_the_latest_filters()
    {
        var restore = Command(Planner.Restore("4773a40a").Steps[1]);

        Assert.EndsWith("restic -r /repository restore 4773a40a:/staging --target /restore --verify", restore);
    }

    [Theory]
    [InlineData("LATEST")]
    [InlineData("4773a40")]
    [InlineData("latest; rm -rf /")]
    public void A_snapshot_that_is_neither_latest_nor_an_id_is_refused(string snapshot)
    {
        var error = Assert.Throws<AttachmentBackupException>(() => Planner.Restore(snapshot));

        Assert.Contains($"Snapshot '{snapshot}' is neither 'latest' nor a restic snapshot id", error.Message);
    }

    [Fact]
    public void No_secret_value_is_on_any_command_line_or_in_any_rendered_plan_and_each_travels_by_name()
    {
        foreach (var planner in new[] { Planner, new AttachmentBackupPlanner(AttachmentsTestSettings.Offsite) })
        {
            var plans = new[] { planner.Initialize(), planner.Stage(), planner.Snapshot(), planner.Restore("latest"), planner.Upload("restored"), planner.RemoveRestoreCopy() };
            Step[] probes = [planner.OpenRepository(), planner.LatestSnapshot(), planner.BucketListing("attachments"), planner.BucketManifest("attachments"),
                planner.StagedManifest(), planner.SnapshotManifest(), planner.RestoredManifest()];
            var steps = plans.SelectMany(p => p.Steps).Concat(probes).ToList();
            var printable = string.Join("\n", plans.Select(p => p.Render()).Concat(steps.Select(s => s.ToString())).Concat(steps.SelectMany(s => s.Command)));

            foreach (var value in AttachmentsTestSettings.SecretValues)
                Assert.DoesNotContain(value, printable);
            foreach (var step in steps.Where(s => s.SecretNames.Count > 0))
            {
                Assert.All(step.SecretNames, name => Assert.Contains(name, step.Command));
                Assert.All(step.SecretNames, name => Assert.Contains($"{name}=***", step.ToString()));
            }
        }
    }

    [Fact]
    public void Rclone_steps_get_the_s3_keys_but_not_the_repository_password_and_restic_steps_the_reverse()
    {
        var sync = Planner.Stage().Steps[0];
        var backup = Planner.Snapshot().Steps[0];

        Assert.Equal(["RCLONE_CONFIG_SOURCE_ACCESS_KEY_ID", "RCLONE_CONFIG_SOURCE_SECRET_ACCESS_KEY"], sync.SecretNames.Order(StringComparer.Ordinal));
        Assert.Equal(AttachmentsTestSettings.SecretAccessKey, sync.Environment["RCLONE_CONFIG_SOURCE_SECRET_ACCESS_KEY"]);
        Assert.Equal(["RESTIC_PASSWORD"], backup.SecretNames);
        Assert.Equal(AttachmentsTestSettings.ResticPassword, backup.Environment["RESTIC_PASSWORD"]);
    }

    [Fact]
    public void The_hosts_environment_such_as_AWS_CA_BUNDLE_is_never_forwarded_into_a_container()
    {
        var forwarded = new[] { Planner.Stage(), Planner.Snapshot(), Planner.Restore("latest"), Planner.Upload("restored") }
            .SelectMany(p => p.Steps).SelectMany(s => s.Command.Zip(s.Command.Skip(1)).Where(p => p.First == "--env").Select(p => p.Second.Split('=')[0]));

        Assert.All(forwarded, name => Assert.True(name.StartsWith("RCLONE_CONFIG_", StringComparison.Ordinal) || name == "RESTIC_PASSWORD", name));
    }

    [Fact]
    public void An_offsite_repository_goes_through_restics_rclone_backend_with_its_own_remote()
    {
        var planner = new AttachmentBackupPlanner(AttachmentsTestSettings.Offsite);

        var backup = planner.Snapshot().Steps[0];

        Assert.Contains("restic -r rclone:offsite:pazpaz-backups/restic/attachments backup", Command(backup));
        Assert.DoesNotContain("/repository", Command(backup));
        Assert.Contains("--env RCLONE_CONFIG_OFFSITE_ENDPOINT=https://s3.eu-central-1.example.com --env RCLONE_CONFIG_OFFSITE_FORCE_PATH_STYLE=true " +
                        "--env RCLONE_CONFIG_OFFSITE_PROVIDER=Other --env RCLONE_CONFIG_OFFSITE_REGION=eu-central-1 --env RCLONE_CONFIG_OFFSITE_TYPE=s3", Command(backup));
        Assert.Equal(["RCLONE_CONFIG_OFFSITE_ACCESS_KEY_ID", "RCLONE_CONFIG_OFFSITE_SECRET_ACCESS_KEY", "RESTIC_PASSWORD"], backup.SecretNames.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_bucket_listing_uses_fast_list_because_without_it_s3rver_lists_nothing_and_rclone_exits_0()
    {
        Step[] rclone = [.. Planner.Stage().Steps.Take(1), .. Planner.Upload("restored").Steps, Planner.BucketListing("attachments"), Planner.BucketManifest("attachments")];

        Assert.All(rclone, s => Assert.Contains("--fast-list", s.Command));
        Assert.Contains("hashsum sha256 --download --fast-list source:attachments", Command(Planner.BucketManifest("attachments")));
    }

    static string Command(Step step) => string.Join(' ', step.Command.Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"'{a}'" : a));

    static string Tool(Step step)
    {
        var image = step.Command.ToList().IndexOf("pazpaz/backup-tools:1.2.3");
        return string.Join(' ', step.Command.Skip(image + 1).Take(2));
    }
}
