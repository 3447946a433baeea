using System.Security.Cryptography;
using System.Text;
using BuildEngine.IO;

namespace BuildEngine.Execution;

/// <summary>
/// <c>.nuke/temp/build-attempt.log</c>: a hash of the invocation, then each target that succeeded, so <c>--continue</c>
/// can skip them if the invocation (targets and parameter values) is unchanged.
/// </summary>
sealed class AttemptLog
{
    readonly AbsolutePath _file;
    readonly string _hash;

    public AttemptLog(AbsolutePath temporaryDirectory, IEnumerable<string> arguments)
    {
        _file = temporaryDirectory / "build-attempt.log";
        var relevant = arguments.Where(a => !a.Equals("--continue", StringComparison.OrdinalIgnoreCase));
        _hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\0', relevant))));
    }

    public IReadOnlySet<string> PreviouslySucceeded { get; private set; } = new HashSet<string>();

    /// <summary>Reads the previous attempt when continuing; returns false if the invocation changed.</summary>
    public bool Load()
    {
        if (!_file.FileExists())
            return false;
        var lines = File.ReadAllLines(_file);
        if (lines.Length == 0 || lines[0] != _hash)
            return false;
        PreviouslySucceeded = lines.Skip(1).ToHashSet(StringComparer.Ordinal);
        return true;
    }

    /// <summary>Starts this attempt's record; when continuing, what succeeded before still counts as done.</summary>
    public void Start(bool continuing) =>
        _file.WriteAllText(string.Join(Environment.NewLine, [_hash, .. continuing ? PreviouslySucceeded : Enumerable.Empty<string>()]) + Environment.NewLine);

    public void RecordSuccess(string target)
    {
        if (_file.FileExists())
            File.AppendAllText(_file, target + Environment.NewLine);
    }
}
