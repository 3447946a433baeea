namespace Delivery.Deployment;

/// <summary>
/// Whether a release may run, unmigrated, on the database as it is now (anchors-deploy.md §5.1, Rollback): its head
/// revision must be the database's or an ancestor of it, and no contract migration may lie between the two. Migrations
/// are never run down, so across a contract migration the older code may fail on what it removed.
/// </summary>
public static class RollbackSchemaCheck
{
    /// <summary>
    /// Null when the rollback may go on; otherwise why not and what to do. <paramref name="newer"/>: the histories of
    /// images that may know the migrations up to the database's revision (the live colour's first).
    /// </summary>
    public static string? Refusal(string target, MigrationHistory? targetHistory, string? database, IEnumerable<MigrationHistory?> newer)
    {
        if (database is null)
            return "the database's migration revision cannot be read (is postgres running?), so nothing shows which migrations ran since that release";
        if (targetHistory is null)
            return $"{target} does not list its migrations ('python3 -m app migrations' failed: an image from before that command), so nothing shows whether a contract migration ran since";
        if (database == targetHistory.Head)
            return null;
        if (targetHistory.Knows(database))
            return $"{target} expects migration {targetHistory.Head}, but the database is at {database}, older: a rollback does not migrate, so it would never be ready. Deploy it instead";
        var between = newer.OfType<MigrationHistory>().Select(h => h.Between(targetHistory.Head, database)).FirstOrDefault(b => b is not null);
        if (between is null)
            return $"no api image on the engine knows the migrations from {target}'s {targetHistory.Head} to the database's {database}, so nothing shows whether one of them is a contract migration";
        var contracts = between.Where(m => m.Contract).Select(m => m.Revision).ToList();
        return contracts.Count == 0 ? null
            : $"contract migration{(contracts.Count > 1 ? "s" : "")} {string.Join(", ", contracts)} ran since {target}'s schema ({targetHistory.Head}; the database is at {database}): " +
              "that release's code may use what they removed";
    }
}
