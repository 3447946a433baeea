using Delivery.Backup;
using Delivery.Benchmarks;
using Delivery.Execution;

namespace Delivery.Tests.Benchmarks;

/// <summary>The RPO recovery's restore, and the backup benchmark's verdict against issue #7's goals.</summary>
public sealed class BackupBenchmarkTests
{
    sealed class RecordingRunner(string canaries) : IStepRunner
    {
        public List<IReadOnlyList<string>> Commands { get; } = [];

        public void Run(Plan plan) => Commands.AddRange(plan.Steps.Select(s => s.Command));

        public StepResult Probe(Step step)
        {
            Commands.Add(step.Command);
            return step.Command.Contains("SELECT token FROM pazpaz_restore_canary ORDER BY token") ? new StepResult(0, canaries) : new StepResult(0, "t");
        }
    }

    static readonly DatabaseBackupSettings Bench = new()
    {
        Environment = "bench",
        Container = "pazpaz-bench-backup-db",
        Image = "pazpaz/postgres:1",
        RepositoryVolume = "pazpaz-bench-backup-repo",
        PassphraseFile = "/tmp/backup-passphrase",
    };

    [Fact]
    public void Recovery_after_a_loss_restores_to_the_end_of_the_archive_from_the_repository_alone_and_reads_the_canaries()
    {
        var runner = new RecordingRunner("rpo-0000\nrpo-0001\n");

        var (canaries, _) = new DatabaseBackup(new DatabaseBackupPlanner(Bench), runner).RecoverCanariesFromArchive();

        Assert.Equal(["rpo-0000", "rpo-0001"], canaries);
        var restore = runner.Commands.First(c => c.Contains("restore"));
        Assert.Equal(["pazpaz/postgres:1", "restore", "--repo=1", "--type=default"], restore.TakeLast(4));
        // The live container is gone by then: nothing may be asked of it.
        Assert.DoesNotContain(runner.Commands, c => c.Contains(Bench.Container));
        Assert.Contains(runner.Commands, c => c.Take(3).SequenceEqual(["docker", "rm", "--force"]));
    }

    static BackupBenchmarkResult Result(TimeSpan full, TimeSpan drill, TimeSpan? lost)
    {
        var set = new BackupSet("20261127-145922F", "full", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, 1_000_000_000, 400_000_000, new Dictionary<string, string>());
        var report = new BackupReport(set, "p", [], false, full);
        return new BackupBenchmarkResult(1_000_000_000, report, report with { Elapsed = TimeSpan.FromSeconds(5) }, TimeSpan.FromSeconds(3),
            new DrillReport(set.Label, [], TimeSpan.FromSeconds(9), TimeSpan.FromSeconds(8), DateTimeOffset.UnixEpoch), drill,
            new RpoMeasurement(68, lost is null ? 0 : 40, lost, TimeSpan.FromSeconds(75), TimeSpan.FromSeconds(4)), new BackupBenchmarkSettings());
    }

    [Fact]
    public void Meets_the_goals_only_with_a_full_backup_within_60_s_a_drill_within_120_s_and_a_recovery_within_the_archive_timeout()
    {
        Assert.True(Result(TimeSpan.FromSeconds(55), TimeSpan.FromSeconds(100), TimeSpan.FromSeconds(40)).Passed);
        Assert.False(Result(TimeSpan.FromSeconds(61), TimeSpan.FromSeconds(100), TimeSpan.FromSeconds(40)).Passed);
        Assert.False(Result(TimeSpan.FromSeconds(55), TimeSpan.FromSeconds(121), TimeSpan.FromSeconds(40)).Passed);
        Assert.False(Result(TimeSpan.FromSeconds(55), TimeSpan.FromSeconds(100), TimeSpan.FromSeconds(90)).Passed);
    }

    [Fact]
    public void A_recovery_that_kept_no_canary_is_reported_as_losing_the_whole_window()
    {
        var result = Result(TimeSpan.FromSeconds(55), TimeSpan.FromSeconds(100), lost: null);

        Assert.False(result.Passed);
        Assert.Matches(@"RPO: data lost at a simulated loss\s+> 75\.0 s \(nothing recovered\).*MISSED", result.Render());
        Assert.Contains("0 of 68", result.Render());
    }
}
