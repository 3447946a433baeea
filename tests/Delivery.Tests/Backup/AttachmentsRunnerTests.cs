using Delivery.Backup.Attachments;
using Delivery.Execution;

namespace Delivery.Tests.Backup;

/// <summary>The orchestration against recorded steps and scripted answers: what runs, in which order, and what stops it.</summary>
public sealed class AttachmentsRunnerTests
{
    static readonly string A = new('a', 64), B = new('b', 64);
    static readonly string TwoObjects = $"{A}  x.bin\n{B}  nested/y.pdf\n";
    const string Snapshots = """[{"short_id":"34c04a1f","id":"34c04a1fdad3"}]""";

    /// <summary>Records every step run or asked; answers questions by the first matching command fragment.</summary>
    sealed class ScriptedRunner(params (string Fragment, StepResult Answer)[] answers) : IStepRunner
    {
        public List<string> Descriptions { get; } = [];
        public string? FailAt { get; init; }

        public void Run(Plan plan)
        {
            foreach (var step in plan.Steps)
            {
                Descriptions.Add(step.Description);
                if (FailAt is { } fragment && step.Description.Contains(fragment, StringComparison.Ordinal))
                    throw new InvalidOperationException($"{step.Description} exited with code 1");
            }
        }

        public StepResult Probe(Step step)
        {
            Descriptions.Add("? " + step.Description);
            var command = string.Join(' ', step.Command);
            return answers.FirstOrDefault(a => command.Contains(a.Fragment, StringComparison.Ordinal)).Answer ?? new StepResult(0, "");
        }
    }

    static (string, StepResult) Answer(string fragment, string output, int exitCode = 0) => (fragment, new StepResult(exitCode, output));

    [Fact]
    public void A_backup_stages_compares_then_snapshots_forgets_and_checks()
    {
        var runner = new ScriptedRunner(Answer("cat /staging/manifest", TwoObjects), Answer("rclone lsf", "x.bin\nnested/y.pdf\n"), Answer("snapshots --json", Snapshots));

        var outcome = new AttachmentBackupRunner(AttachmentsTestSettings.Local, runner).Backup();

        Assert.Equal(
        [
            "? Open the restic repository (volume 'pazpaz-attachments-restic')",
            "Mirror bucket 'attachments' into the staging volume 'pazpaz-attachments-staging'",
            "Write the staged objects' sha256 manifest",
            "? Read the staged manifest",
            "? List the objects of bucket 'attachments'",
            "restic backup --tag attachments (encrypted, deduplicated)",
            "restic forget --prune: keep 35 daily, 12 weekly, 12 monthly",
            "restic check: the repository's structure and 5% of its data read back",
            "? Read the latest attachments snapshot",
        ], runner.Descriptions);
        Assert.Equal("34c04a1f", outcome.SnapshotId);
        Assert.Equal(2, outcome.Manifest.Count);
    }

    [Fact]
    public void The_first_backup_creates_the_repository()
    {
        var runner = new ScriptedRunner(Answer("cat config", "", exitCode: 10), Answer("cat /staging/manifest", TwoObjects), Answer("rclone lsf", "x.bin\nnested/y.pdf\n"),
            Answer("snapshots --json", Snapshots));

        new AttachmentBackupRunner(AttachmentsTestSettings.Local, runner).Backup();

        Assert.StartsWith("Create the encrypted restic repository (the password is the secret PAZPAZ_ATTACHMENTS_RESTIC_PASSWORD)", runner.Descriptions[1]);
    }

    [Fact]
    public void A_failed_backup_stops_before_forget()
    {
        var runner = new ScriptedRunner(Answer("cat /staging/manifest", TwoObjects), Answer("rclone lsf", "x.bin\nnested/y.pdf\n")) { FailAt = "restic backup" };

        Assert.Throws<InvalidOperationException>(() => new AttachmentBackupRunner(AttachmentsTestSettings.Local, runner).Backup());

        Assert.Equal("restic backup --tag attachments (encrypted, deduplicated)", runner.Descriptions[^1]);
        Assert.DoesNotContain(runner.Descriptions, d => d.Contains("forget", StringComparison.Ordinal));
    }

    [Fact]
    public void An_empty_listing_fails_the_backup_before_any_snapshot_because_it_is_more_likely_a_fault()
    {
        var runner = new ScriptedRunner(Answer("cat /staging/manifest", ""), Answer("rclone lsf", ""));

        var error = Assert.Throws<AttachmentBackupException>(() => new AttachmentBackupRunner(AttachmentsTestSettings.Local, runner).Backup());

        Assert.Contains("Bucket 'attachments' at http://s3:9000/ listed no objects", error.Message);
        Assert.Contains("set AllowEmptyBucket", error.Message);
        Assert.DoesNotContain(runner.Descriptions, d => d.StartsWith("restic backup", StringComparison.Ordinal));
    }

    [Fact]
    public void A_staged_copy_short_of_the_bucket_listing_fails_the_backup()
    {
        var runner = new ScriptedRunner(Answer("cat /staging/manifest", TwoObjects), Answer("rclone lsf", "x.bin\nnested/y.pdf\nthird\n"));

        var error = Assert.Throws<AttachmentBackupException>(() => new AttachmentBackupRunner(AttachmentsTestSettings.Local, runner).Backup());

        Assert.Contains("holds 2 objects but bucket 'attachments' lists 3", error.Message);
    }

    [Fact]
    public void A_wrong_password_is_reported_as_such_and_nothing_runs()
    {
        var runner = new ScriptedRunner(Answer("cat config", "", exitCode: 12));

        var error = Assert.Throws<AttachmentBackupException>(() => new AttachmentBackupRunner(AttachmentsTestSettings.Local, runner).Restore("latest", "attachments"));

        Assert.Contains("wrong password (exit 12)", error.Message);
        Assert.Contains("The secret 'PAZPAZ_ATTACHMENTS_RESTIC_PASSWORD' does not hold this repository's key", error.Message);
        Assert.Equal(["? Open the restic repository (volume 'pazpaz-attachments-restic')"], runner.Descriptions);
    }

    [Fact]
    public void A_restore_checks_the_files_then_the_bucket_against_the_snapshots_manifest_and_removes_its_copy()
    {
        var runner = new ScriptedRunner(Answer("cat /restore/manifest", TwoObjects), Answer("sha256sum", TwoObjects), Answer("hashsum sha256", TwoObjects));

        var outcome = new AttachmentBackupRunner(AttachmentsTestSettings.Local, runner).Restore("latest", "attachments-restored");

        Assert.Equal(
        [
            "? Open the restic repository (volume 'pazpaz-attachments-restic')",
            "Start from an empty restore volume",
            "restic restore latest --verify",
            "? Read the snapshot's manifest",
            "? Hash the restored objects (sha256)",
            "Sync the restored objects into bucket 'attachments-restored' (created if missing; objects not in the snapshot are deleted)",
            "? Hash every object of bucket 'attachments-restored' (sha256, downloaded)",
            "Remove the restore volume 'pazpaz-attachments-restore'",
        ], runner.Descriptions);
        Assert.Equal(2, outcome.Manifest.Count);
    }

    [Fact]
    public void A_bucket_that_differs_after_the_upload_fails_the_restore_naming_the_keys_and_still_removes_the_copy()
    {
        var runner = new ScriptedRunner(Answer("cat /restore/manifest", TwoObjects), Answer("sha256sum", TwoObjects), Answer("hashsum sha256", $"{B}  x.bin\n"));

        var error = Assert.Throws<AttachmentBackupException>(() => new AttachmentBackupRunner(AttachmentsTestSettings.Local, runner).Restore("latest", "attachments"));

        Assert.Contains("bucket 'attachments' differs from the manifest of snapshot 'latest'", error.Message);
        Assert.Contains("1 missing from bucket 'attachments': 'nested/y.pdf'", error.Message);
        Assert.Contains("1 content differs (sha256): 'x.bin'", error.Message);
        Assert.Equal("Remove the restore volume 'pazpaz-attachments-restore'", runner.Descriptions[^1]);
    }

    [Fact]
    public void A_restore_without_a_repository_says_so_before_touching_anything()
    {
        var runner = new ScriptedRunner(Answer("cat config", "", exitCode: 10));

        var error = Assert.Throws<AttachmentBackupException>(() => new AttachmentBackupRunner(AttachmentsTestSettings.Local, runner).Restore("latest", "attachments"));

        Assert.Contains("There is no restic repository at volume 'pazpaz-attachments-restic'", error.Message);
        Assert.Single(runner.Descriptions);
    }
}
