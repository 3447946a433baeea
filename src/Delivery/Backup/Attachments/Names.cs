using System.Text.RegularExpressions;

namespace Delivery.Backup.Attachments;

/// <summary>Docker's rule for container, volume and network names.</summary>
static partial class DockerNames
{
    public static bool IsValid(string name) => Pattern().IsMatch(name);

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
    private static partial Regex Pattern();
}

/// <summary>S3's rule for bucket names (the part every store accepts).</summary>
static partial class BucketNames
{
    public const string Rule = "is not a bucket name (3 to 63 lowercase letters, digits, '.' or '-', starting and ending with a letter or digit).";

    public static bool IsValid(string name) => Pattern().IsMatch(name);

    [GeneratedRegex(@"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")]
    private static partial Regex Pattern();
}
