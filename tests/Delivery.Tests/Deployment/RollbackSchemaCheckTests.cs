using Delivery.Deployment;

namespace Delivery.Tests.Deployment;

public sealed class RollbackSchemaCheckTests
{
    static MigrationHistory History(params string[] revisions) =>
        new(revisions.Select(r => new Migration(r.TrimEnd('!'), r.EndsWith('!'))).ToList());

    static readonly MigrationHistory Target = History("0001", "0002", "0003");
    static readonly MigrationHistory Live = History("0001", "0002", "0003", "0004", "0005!", "0006");

    [Fact]
    public void A_release_whose_head_is_the_databases_revision_may_roll_back() =>
        Assert.Null(RollbackSchemaCheck.Refusal("r/api@sha256:a", Target, "0003", []));

    [Fact]
    public void Across_expand_only_migrations_it_may_roll_back()
    {
        var newer = new[] { History("0001", "0002", "0003", "0004") };

        Assert.Null(RollbackSchemaCheck.Refusal("r/api@sha256:a", Target, "0004", newer));
    }

    [Fact]
    public void Across_a_contract_migration_it_is_refused_naming_it()
    {
        var refusal = RollbackSchemaCheck.Refusal("r/api@sha256:a", Target, "0006", [Live]);

        Assert.Equal("contract migration 0005 ran since r/api@sha256:a's schema (0003; the database is at 0006): that release's code may use what they removed", refusal);
    }

    [Fact]
    public void The_first_history_that_knows_the_way_decides()
    {
        var stale = History("0001", "0002", "0003", "0004");

        Assert.Contains("contract migration 0005", RollbackSchemaCheck.Refusal("r/api@sha256:a", Target, "0006", [null, stale, Live]));
    }

    [Theory]
    [InlineData(null, "the database's migration revision cannot be read")]
    [InlineData("0002", "expects migration 0003, but the database is at 0002, older")]
    [InlineData("0009", "no api image on the engine knows the migrations from r/api@sha256:a's 0003 to the database's 0009")]
    public void When_nothing_shows_the_way_it_is_refused_saying_why(string? database, string why) =>
        Assert.Contains(why, RollbackSchemaCheck.Refusal("r/api@sha256:a", Target, database, [Live]));

    [Fact]
    public void An_image_that_cannot_list_its_migrations_is_refused()
    {
        Assert.Null(MigrationHistory.TryParse("unknown command 'migrations': use serve, migrate or openapi"));
        Assert.Contains("does not list its migrations", RollbackSchemaCheck.Refusal("r/api@sha256:a", null, "0003", [Live]));
    }

    [Fact]
    public void The_images_listing_is_read_oldest_first_with_contract_flags()
    {
        var history = MigrationHistory.TryParse("""[{"revision": "0001", "contract": false}, {"revision": "0002", "contract": true}]""" + "\n");

        Assert.Equal([new Migration("0001", false), new Migration("0002", true)], history!.Migrations);
        Assert.Equal("0002", history.Head);
    }
}
