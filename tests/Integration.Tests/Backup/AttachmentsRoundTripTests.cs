using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using BuildEngine.IO;
using BuildEngine.Tooling;
using Delivery.Backup.Attachments;
using Delivery.Environments;
using Delivery.Execution;
using Delivery.Images;
using Integration.Tests.Bootstrap;
using Integration.Tests.Images;
using Xunit.Abstractions;

namespace Integration.Tests.Backup;

/// <summary>
/// The attachments backup for real: the backup-tools image against s3rver on a private network, the restic repository
/// in a volume. Objects go up, are backed up, are deleted, and come back (into the same bucket and into a new one) with
/// the same sha256 manifest and count; the repository holds no plain text of them, and a wrong password is named as such.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class AttachmentsRoundTripTests(DockerFixture docker, ITestOutputHelper output)
{
    const string Network = "attachments";
    const string Bucket = "attachments";
    const int ObjectCount = 25;

    /// <summary>s3rver's fixed keys; not secrets, but passed the way real keys are.</summary>
    const string S3rverKey = "S3RVER";

    readonly string _marker = "PAZPAZ-PHI-MARKER-" + Guid.NewGuid().ToString("N");
    readonly ProcessStepRunner _runner = new();

    [Fact]
    public async Task Objects_backed_up_deleted_and_restored_come_back_byte_for_byte_and_the_repository_is_encrypted()
    {
        var tools = await docker.BuildAsync("backup-tools");
        var s3Image = await new ImageBuilder(docker.Client).BuildAsync(
            new ImageDefinition("s3rver-test", AbsolutePath.Create(RepositoryCopy.SourceRoot) / "tests" / "Integration.Tests" / "Backup" / "S3"),
            DockerFixture.Version, BuildCertificates.ContextFiles());
        await docker.CreateNetworkAsync(Network);
        var s3 = await docker.RunAsync(new ContainerSpec("attachments-s3", s3Image.Id) { Network = Network, Alias = "s3", Command = ["--configure-bucket", Bucket] });
        Assert.True(await docker.WaitForHealthAsync(s3.Id, TimeSpan.FromSeconds(30)) == "healthy", "s3rver: " + await docker.LogsAsync(s3.Id));
        var settings = Settings(tools.Id, "it-restic-" + Guid.NewGuid().ToString("N"));
        var planner = new AttachmentBackupPlanner(settings);
        var attachments = new AttachmentBackupRunner(planner, _runner);

        // 1. N objects of varied sizes (nested keys, one empty, one carrying the marker) in the bucket, as the store serves them.
        var uploaded = WriteObjects(docker.WorkDirectory / "attachments-upload");
        Upload(tools.Id, docker.WorkDirectory / "attachments-upload");
        var source = BucketManifest(planner, Bucket);
        Assert.Equal(ObjectCount, source.Count);
        Assert.True(uploaded.CompareTo(source).IsEmpty, uploaded.CompareTo(source).Describe("the uploaded files", $"bucket '{Bucket}'"));
        Assert.True(Grep(["exec", DockerFixture.NameOf("attachments-s3")], "/tmp/s3rver") == 0, "positive control: the marker is not in s3rver's data");

        // 2. Backup: staged, snapshotted, forgotten by policy, checked; the staged manifest is the bucket's.
        var backup = attachments.Backup();
        output.WriteLine($"Backup of {ObjectCount} objects ({uploaded.Hashes.Count} keys, {TotalBytes(docker.WorkDirectory / "attachments-upload") / 1e6:0.0} MB): {backup.Duration.TotalSeconds:0.0} s, snapshot {backup.SnapshotId}");
        Assert.Equal(ObjectCount, backup.Manifest.Count);
        Assert.True(source.CompareTo(backup.Manifest).IsEmpty, source.CompareTo(backup.Manifest).Describe("the bucket", "the backup"));

        // 3. The repository is ciphertext: the marker is in the plain staging copy (same grep, positive control), not in the repository.
        Assert.True(Grep(["run", "--rm", "--volume", settings.StagingVolume + ":/staging:ro", tools.Id], "/staging") == 0, "positive control: the marker is not in the staging copy");
        Assert.True(Grep(["run", "--rm", "--volume", ((AttachmentRepository.Volume)settings.Repository).Name + ":/repository:ro", tools.Id], "/repository") == 1,
            "the restic repository holds the marker in plain text");

        // 4. Every object deleted; a backup of the now empty bucket is refused (an empty listing is more likely a fault).
        Rclone(tools.Id, [], "delete", "--fast-list", $"source:{Bucket}");
        Assert.Equal(0, BucketManifest(planner, Bucket).Count);
        var empty = Assert.Throws<AttachmentBackupException>(() => attachments.Backup());
        Assert.Contains("listed no objects", empty.Message);

        // 5. Restore latest into the emptied bucket, and the backup's snapshot into a new bucket: same manifest, N objects.
        var stopwatch = Stopwatch.StartNew();
        var restored = attachments.Restore("latest", Bucket);
        output.WriteLine($"Restore of {restored.Manifest.Count} objects into '{Bucket}': {stopwatch.Elapsed.TotalSeconds:0.0} s");
        AssertSame(source, BucketManifest(planner, Bucket), Bucket);

        stopwatch.Restart();
        var restoredNew = attachments.Restore(backup.SnapshotId, "attachments-restored");
        output.WriteLine($"Restore of {restoredNew.Manifest.Count} objects into the new bucket 'attachments-restored': {stopwatch.Elapsed.TotalSeconds:0.0} s");
        AssertSame(source, BucketManifest(planner, "attachments-restored"), "attachments-restored");
        Assert.NotEqual(0, ProcessTasks.Probe("docker", ["volume", "inspect", settings.RestoreVolume], TimeSpan.FromSeconds(30)).ExitCode);

        // 6. The same repository with another password: refused, and said so.
        var wrong = new AttachmentBackupRunner(Settings(tools.Id, "not-the-password-" + Guid.NewGuid().ToString("N")), _runner);
        var refused = Assert.Throws<AttachmentBackupException>(() => wrong.Restore("latest", "attachments-wrong"));
        Assert.Contains("wrong password (exit 12)", refused.Message);
    }

    [Fact]
    public async Task The_backup_tools_image_runs_as_10009_and_carries_no_configuration_or_secret()
    {
        var tools = await docker.BuildAsync("backup-tools");

        var config = (await docker.Client.Images.InspectImageAsync(tools.Id)).Config!;

        Assert.Equal("10009:10009", config.User);
        Assert.Null(config.Healthcheck);
        Assert.Contains("one-shot", config.Labels?["org.pazpaz.healthcheck"]);
        Assert.DoesNotContain(config.Env ?? [], e => e.StartsWith("RCLONE_CONFIG_", StringComparison.Ordinal) || e.StartsWith("RESTIC_PASSWORD", StringComparison.Ordinal) || e.StartsWith("AWS_", StringComparison.Ordinal));
        var versions = ProcessTasks.Probe("docker", ["run", "--rm", "--read-only", "--cap-drop", "ALL", tools.Id, "sh", "-c", "restic version && rclone version"], TimeSpan.FromMinutes(1));
        Assert.True(versions.ExitCode == 0, versions.StandardOutput);
        Assert.Contains("restic 0.", versions.StandardOutput);
        Assert.Contains("rclone v1.", versions.StandardOutput);
    }

    AttachmentBackupSettings Settings(string image, string resticPassword) => new()
    {
        Image = image,
        Source = new S3Remote("source", new Uri("http://s3:4569"))
        {
            AccessKeyIdSecret = AttachmentSecretNames.S3AccessKeyId, SecretAccessKeySecret = AttachmentSecretNames.S3SecretAccessKey,
        },
        Bucket = Bucket,
        Secrets = new SecretValues(new Dictionary<string, string>
        {
            [AttachmentSecretNames.S3AccessKeyId] = S3rverKey,
            [AttachmentSecretNames.S3SecretAccessKey] = S3rverKey,
            [AttachmentSecretNames.ResticPassword] = resticPassword,
        }),
        Repository = new AttachmentRepository.Volume(DockerFixture.NameOf("attachments-restic")),
        StagingVolume = DockerFixture.NameOf("attachments-staging"),
        RestoreVolume = DockerFixture.NameOf("attachments-restore"),
        Network = DockerFixture.NameOf(Network),
    };

    /// <summary>Nested keys, a name with spaces, an empty object and sizes up to 300 kB; their manifest computed here.</summary>
    AttachmentManifest WriteObjects(AbsolutePath directory)
    {
        var hashes = new Dictionary<string, string>();
        for (var i = 0; i < ObjectCount; i++)
        {
            var key = i switch
            {
                0 => "marker.txt",
                1 => "empty.bin",
                2 => "intake form 2.pdf",
                _ => $"patients/{i % 4}/sessions/{i:000}/note-{i}.bin",
            };
            var content = i switch
            {
                0 => Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(_marker + "\n", 100))),
                1 => [],
                _ => RandomNumberGenerator.GetBytes(RandomNumberGenerator.GetInt32(1, 300_000)),
            };
            var file = directory / key;
            file.Parent!.CreateDirectory();
            File.WriteAllBytes(file, content);
            hashes[key] = Convert.ToHexStringLower(SHA256.HashData(content));
        }
        // Read by the container's user (10009): the fixture's work directory is private to this process's user.
        if (!OperatingSystem.IsWindows())
            foreach (var entry in Directory.EnumerateFileSystemEntries(directory, "*", SearchOption.AllDirectories).Append(directory.ToString()))
                File.SetUnixFileMode(entry, Directory.Exists(entry) ? (UnixFileMode)0b111_101_101 : (UnixFileMode)0b110_100_100);
        return AttachmentManifest.From(hashes);
    }

    void Upload(string image, AbsolutePath directory) =>
        Rclone(image, ["--volume", $"{directory}:/upload:ro"], "copy", "/upload", $"source:{Bucket}");

    void Rclone(string image, string[] mounts, params string[] arguments) =>
        ProcessTasks.StartProcess(ProcessTasks.ResolveTool("docker"),
            ["run", "--rm", "--read-only", "--tmpfs", "/tmp", "--network", DockerFixture.NameOf(Network), .. mounts,
             "--env", "RCLONE_CONFIG_SOURCE_TYPE=s3", "--env", "RCLONE_CONFIG_SOURCE_PROVIDER=Other", "--env", "RCLONE_CONFIG_SOURCE_ENDPOINT=http://s3:4569",
             "--env", "RCLONE_CONFIG_SOURCE_FORCE_PATH_STYLE=true", "--env", $"RCLONE_CONFIG_SOURCE_ACCESS_KEY_ID={S3rverKey}",
             "--env", $"RCLONE_CONFIG_SOURCE_SECRET_ACCESS_KEY={S3rverKey}", image, "rclone", .. arguments],
            new ProcessOptions { Timeout = TimeSpan.FromMinutes(5) });

    AttachmentManifest BucketManifest(AttachmentBackupPlanner planner, string bucket)
    {
        var result = _runner.Probe(planner.BucketManifest(bucket));
        Assert.True(result.Succeeded, $"hashing bucket '{bucket}' failed (exit {result.ExitCode})");
        return AttachmentManifest.Parse(result.Output, $"bucket '{bucket}'");
    }

    /// <summary>grep -r for the marker through <paramref name="docker"/> (exec or run): 0 found, 1 not found.</summary>
    int Grep(string[] dockerArguments, string path) =>
        ProcessTasks.Probe("docker", [.. dockerArguments, "grep", "-rqF", _marker, path], TimeSpan.FromMinutes(2)).ExitCode;

    static void AssertSame(AttachmentManifest expected, AttachmentManifest actual, string bucket)
    {
        Assert.True(expected.CompareTo(actual).IsEmpty, expected.CompareTo(actual).Describe("the original bucket", $"bucket '{bucket}'"));
        Assert.Equal(ObjectCount, actual.Count);
    }

    static long TotalBytes(AbsolutePath directory) =>
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
}
