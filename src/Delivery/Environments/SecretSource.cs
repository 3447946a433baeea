using BuildEngine.IO;
using BuildEngine.Tooling;

namespace Delivery.Environments;

/// <summary>Decrypts an age file to memory (its plaintext is the process's standard output, never a file).</summary>
public interface IAgeDecryptor
{
    /// <summary>The plaintext, or an exception whose message has age's error (never any plaintext).</summary>
    string Decrypt(AbsolutePath file, AbsolutePath identity);
}

/// <summary>The <c>age</c> CLI (Debian package <c>age</c>): <c>age --decrypt --identity KEY FILE</c>, stdout captured in memory.</summary>
public sealed class AgeCli : IAgeDecryptor
{
    public string Decrypt(AbsolutePath file, AbsolutePath identity)
    {
        string tool;
        try
        {
            tool = ProcessTasks.ResolveTool("age");
        }
        catch (InvalidOperationException)
        {
            throw new EnvironmentConfigurationException($"Cannot decrypt {file.Name}: the 'age' command is not installed. Install it (Debian: apt-get install age), or provide the secrets as environment variables instead.");
        }
        // Probe logs neither the command nor its output; stdout (the plaintext) stays in this process.
        var result = ProcessTasks.Probe(tool, ["--decrypt", "--identity", identity, file], TimeSpan.FromSeconds(30));
        if (result.ExitCode != 0)
        {
            var errors = string.Join(" ", result.Output.Where(o => o.Type == OutputType.Err).Select(o => o.Text.Trim()));
            throw new EnvironmentConfigurationException($"age could not decrypt {file.Name} with the identity in {identity} (exit {result.ExitCode}): {errors} " +
                "Check that PAZPAZ_AGE_IDENTITY names the key the file was encrypted to (age-keygen -y <identity> prints its recipient).");
        }
        return result.StandardOutput;
    }
}

/// <summary>What <see cref="SecretSource.Validate"/> found: names and where each came from, never values.</summary>
public sealed record SecretCheck(EnvironmentName Environment, IReadOnlyDictionary<string, string> Origins, IReadOnlyList<string> Missing, IReadOnlyList<string> Problems)
{
    public bool Succeeded => Missing.Count == 0 && Problems.Count == 0;

    /// <summary>One message listing every missing name and every problem, each with how to fix it; null when usable.</summary>
    public string? Message { get; init; }
}

/// <summary>
/// An environment's secret values: each name from the process environment (CI secrets arrive this way) first, then from
/// <c>.nuke/secrets.&lt;env&gt;.age</c> if present, decrypted in memory with the identity file named by
/// <c>PAZPAZ_AGE_IDENTITY</c>. The file holds dotenv lines (<c>NAME=value</c>). The file is read when the identity is
/// set, or when a required name is missing from the environment (then the identity is required).
/// </summary>
public sealed class SecretSource
{
    public const string IdentityVariable = "PAZPAZ_AGE_IDENTITY";

    readonly AbsolutePath _root;
    readonly EnvironmentName _environment;
    readonly IReadOnlyDictionary<string, string?> _variables;
    readonly IAgeDecryptor _age;

    /// <param name="variables">The process environment; tests pass their own.</param>
    public SecretSource(AbsolutePath root, EnvironmentName environment, IReadOnlyDictionary<string, string?>? variables = null, IAgeDecryptor? age = null)
    {
        _root = root;
        _environment = environment;
        _variables = variables ?? System.Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value, StringComparer.Ordinal);
        _age = age ?? new AgeCli();
    }

    public static AbsolutePath FileFor(AbsolutePath root, EnvironmentName environment) => root / ".nuke" / $"secrets.{environment.Name}.age";

    public AbsolutePath EncryptedFile => FileFor(_root, _environment);

    /// <summary>Checks every name without throwing (plan time). Decrypts the file if it must, in memory, and forgets the values.</summary>
    public SecretCheck Validate() => Resolve().Check;

    /// <summary>Every value, registered with the log masker; throws listing everything missing at once.</summary>
    public SecretValues Load()
    {
        var (check, values) = Resolve();
        if (check.Message is { } message)
            throw new EnvironmentConfigurationException(message);
        return values.RegisterWithMasker();
    }

    (SecretCheck Check, SecretValues Values) Resolve()
    {
        var names = SecretNames.For(_environment);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var origins = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var name in names)
        {
            if (_variables.GetValueOrDefault(name.Name) is { Length: > 0 } value)
            {
                values[name.Name] = value;
                origins[name.Name] = "environment";
            }
        }

        var relative = _root.GetUnixRelativePathTo(EncryptedFile);
        var identity = _variables.GetValueOrDefault(IdentityVariable) is { Length: > 0 } path ? AbsolutePath.Resolve(path, _root) : null;
        var requiredMissing = names.Any(n => n.Required && !values.ContainsKey(n.Name));
        if (EncryptedFile.FileExists() && (identity is not null || requiredMissing))
        {
            if (identity is null)
                problems.Add($"{relative} exists but {IdentityVariable} is not set: set it to the path of the age identity (private key) file that can decrypt it.");
            else if (!identity.FileExists())
                problems.Add($"{IdentityVariable}: '{identity}' does not exist; set it to the age identity file (age-keygen -o <file> creates one).");
            else if (IsShared(identity))
                problems.Add($"{IdentityVariable}: '{identity}' is readable by group or others; run chmod 600 '{identity}'.");
            else
            {
                try
                {
                    foreach (var (name, value) in DotEnv.Parse(_age.Decrypt(EncryptedFile, identity), relative, names.Select(n => n.Name).ToList(), problems))
                        if (!values.ContainsKey(name) && value.Length > 0)
                        {
                            values[name] = value;
                            origins[name] = relative;
                        }
                }
                catch (EnvironmentConfigurationException e)
                {
                    problems.Add(e.Message);
                }
            }
        }

        var missing = names.Where(n => n.Required && !values.ContainsKey(n.Name)).Select(n => n.Name).ToList();
        var check = new SecretCheck(_environment, origins, missing, problems) { Message = Describe(names, missing, problems, relative) };
        return (check, new SecretValues(values));
    }

    string? Describe(IReadOnlyList<SecretName> names, IReadOnlyList<string> missing, IReadOnlyList<string> problems, string relative)
    {
        if (missing.Count == 0 && problems.Count == 0)
            return null;
        var lines = new List<string>();
        if (missing.Count > 0)
        {
            lines.Add($"Secrets for '{_environment}' are missing: {string.Join(", ", missing)}. Provide each in one of these ways:");
            foreach (var name in names.Where(n => missing.Contains(n.Name)))
                lines.Add($"  - {name.Name} ({name.Purpose}): the environment variable {name.Name}; on CI a secret of that name in the " +
                          $"'{_environment}' environment, passed to the job as env.");
            lines.Add($"  - or a line NAME=value in {relative}, encrypted with age (reads the lines from standard input; end with Ctrl-D):");
            lines.Add($"      age -e -r \"$(age-keygen -y \"${IdentityVariable}\")\" -o {relative}");
            lines.Add($"    and {IdentityVariable} set to that identity file when deploying (docs/operations/secrets-rotation.md).");
        }
        if (problems.Count > 0)
        {
            lines.Add($"Secret sources for '{_environment}' have problems:");
            lines.AddRange(problems.Select(p => "  - " + p));
        }
        return string.Join(System.Environment.NewLine, lines);
    }

    static bool IsShared(AbsolutePath file) =>
        !OperatingSystem.IsWindows() &&
        (File.GetUnixFileMode(file) & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite)) != 0;
}

/// <summary>dotenv lines: <c>NAME=value</c>, optional <c>export </c>, <c>#</c> comments, '…' literal and "…" escaped values.</summary>
static class DotEnv
{
    /// <summary>Problems name the line number and the key only: a line's text may be a secret.</summary>
    public static IReadOnlyList<(string Name, string Value)> Parse(string text, string source, IReadOnlyList<string> known, List<string> problems)
    {
        var entries = new List<(string, string)>();
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            var line = lines[index].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            if (line.StartsWith("export ", StringComparison.Ordinal))
                line = line["export ".Length..].TrimStart();
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            var name = equals > 0 ? line[..equals].Trim() : "";
            if (!System.Text.RegularExpressions.Regex.IsMatch(name, "^[A-Z_][A-Z0-9_]*$"))
            {
                problems.Add($"{source}, line {index + 1}: not a NAME=value line (names are upper-case letters, digits and '_').");
                continue;
            }
            if (!known.Contains(name))
            {
                problems.Add($"{source}, line {index + 1}: '{name}' is not a secret of this environment. Known: {string.Join(", ", known)}.");
                continue;
            }
            if (entries.Any(e => e.Item1 == name))
            {
                problems.Add($"{source}, line {index + 1}: '{name}' appears twice; keep one.");
                continue;
            }
            var value = Unquote(line[(equals + 1)..].Trim(), out var closed);
            if (!closed)
            {
                problems.Add($"{source}, line {index + 1}: the value of '{name}' opens a quote it does not close.");
                continue;
            }
            entries.Add((name, value));
        }
        return entries;
    }

    static string Unquote(string raw, out bool closed)
    {
        closed = true;
        if (raw.Length > 0 && raw[0] is '"' or '\'')
        {
            if (raw.Length < 2 || raw[^1] != raw[0])
            {
                closed = false;
                return "";
            }
            var inner = raw[1..^1];
            return raw[0] == '\'' ? inner : inner.Replace("\\n", "\n", StringComparison.Ordinal).Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);
        }
        return raw;
    }
}
