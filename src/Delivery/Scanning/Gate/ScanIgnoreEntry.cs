using System.Globalization;

namespace Delivery.Scanning.Gate;

/// <summary>
/// One accepted finding: <c>ID exp:YYYY-MM-DD [path:SCOPE] # reason</c>. <see cref="Expires"/> is the first day the
/// entry no longer applies, as Trivy reads <c>exp:</c>. A <see cref="Scope"/> limits it to one image repository
/// (<c>path:pazpaz/api</c>) or one file or folder (<c>path:src/images/proxy</c>); without one it applies everywhere.
/// </summary>
public sealed record ScanIgnoreEntry(string Id, DateOnly Expires, string Reason, string? Scope, int Line)
{
    public bool IsExpired(DateOnly today) => today >= Expires;

    public bool Matches(Finding finding) =>
        string.Equals(Id, finding.Id, StringComparison.OrdinalIgnoreCase) && (Scope is null || InScope(finding.Location));

    /// <summary>The location itself, or anything under it: a path below a folder, or a tag or digest of a repository.</summary>
    bool InScope(string location) =>
        location.StartsWith(Scope!, StringComparison.Ordinal)
        && (location.Length == Scope!.Length || location[Scope.Length] is '/' or ':' or '@');

    public string Expiry => Expires.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public override string ToString() => $"{Id} exp:{Expiry}{(Scope is null ? "" : $" path:{Scope}")} # {Reason}";
}
