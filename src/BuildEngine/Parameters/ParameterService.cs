using System.Reflection;
using BuildEngine.Execution;
using BuildEngine.IO;
using BuildEngine.Logging;

namespace BuildEngine.Parameters;

/// <summary>A parameter's value and where it came from.</summary>
public sealed record ParameterValue(object? Value, string Source);

/// <summary>
/// Resolves parameters: command line &gt; environment (exact name, then normalised, then with a NUKE_ prefix)
/// &gt; parameters.&lt;profile&gt;.json &gt; parameters.json &gt; the member's default.
/// </summary>
sealed class ParameterService
{
    readonly ArgumentParser _arguments;
    readonly IReadOnlyDictionary<string, string> _environment;
    readonly ILookup<string, string> _environmentByNormalizedName;
    readonly ParametersFiles _files;
    readonly string _workingDirectory;
    readonly AbsolutePath _root;
    readonly Dictionary<MemberInfo, ParameterValue?> _resolved = [];

    public ParameterService(ArgumentParser arguments, IReadOnlyDictionary<string, string> environment, ParametersFiles files,
        string workingDirectory, AbsolutePath root, IReadOnlyList<ParameterMember> members)
    {
        _arguments = arguments;
        _environment = environment;
        _environmentByNormalizedName = environment.Keys.ToLookup(ArgumentParser.Normalize);
        _files = files;
        _workingDirectory = workingDirectory;
        _root = root;
        Members = members;
    }

    public IReadOnlyList<ParameterMember> Members { get; }

    public ParameterMember? Find(MemberInfo member) => Members.FirstOrDefault(p => p.Member.HasSameMetadataDefinitionAs(member));

    /// <summary>Fails on anything given that no parameter answers to, so a typo never silently does nothing.</summary>
    public void ValidateNames(IEnumerable<string> targetNames)
    {
        var known = Members.Select(m => m.Name).Concat(BuiltInParameters.All.Select(b => b.Name)).ToList();
        foreach (var given in _arguments.GivenNames)
        {
            var name = given.TrimStart('-');
            if (known.Any(k => ArgumentParser.Normalize(k) == ArgumentParser.Normalize(name)))
                continue;
            var suggestions = NameMatching.Suggest(name, known.Select(ParameterNames.ToKebab));
            var isTarget = targetNames.Any(t => NameMatching.Matches(t, name));
            throw new UsageException($"Unknown parameter '{given}'." +
                (isTarget ? $" '{name}' is a target: name it without dashes." :
                 suggestions.Count > 0 ? $" Did you mean {string.Join(" or ", suggestions.Select(s => $"'--{s}'"))}?" : "") +
                " Run with --help to list parameters.");
        }
        foreach (var (file, key) in _files.Keys)
        {
            var member = Members.FirstOrDefault(m => ArgumentParser.Normalize(m.Name) == ArgumentParser.Normalize(key));
            if (member is null)
            {
                var suggestions = NameMatching.Suggest(key, Members.Select(m => m.Name));
                throw new UsageException($"{file}: unknown parameter '{key}'." +
                    (suggestions.Count > 0 ? $" Did you mean {string.Join(" or ", suggestions.Select(s => $"'{s}'"))}?" : ""));
            }
            if (member.IsSecret)
                throw new UsageException($"{file}: '{key}' is a secret and is never read from a file. " +
                    $"Remove it and pass it through the environment ({member.EnvironmentName}) or {member.CommandLineName}.");
        }
    }

    public ParameterValue? Resolve(ParameterMember parameter)
    {
        if (_resolved.TryGetValue(parameter.Member, out var cached))
            return cached;
        var value = ResolveUncached(parameter);
        if (parameter.IsSecret && value?.Value is { } secret)
            RegisterSecret(secret);
        return _resolved[parameter.Member] = value;
    }

    /// <summary>A value given at a prompt wins over everything, like a command-line value.</summary>
    public void Set(ParameterMember parameter, object? value)
    {
        if (parameter.IsSecret && value is not null)
            RegisterSecret(value);
        _resolved[parameter.Member] = new ParameterValue(value, "prompt");
    }

    public IReadOnlyList<string> DescribeSources(ParameterMember parameter)
    {
        var sources = new List<string>
        {
            parameter.CommandLineName,
            $"environment variable {parameter.EnvironmentName} (or {parameter.Name}, NUKE_{parameter.EnvironmentName})",
        };
        if (!parameter.IsSecret)
            sources.Add(_files.Files.Any() ? string.Join(", ", _files.Files) : ".nuke/parameters.json");
        return sources;
    }

    ParameterValue? ResolveUncached(ParameterMember parameter)
    {
        if (_arguments.Get(parameter.Name) is { } cliTokens)
            return Convert(cliTokens, parameter, _workingDirectory, parameter.CommandLineName);

        // An empty variable means false, "" or an empty list; for other types it counts as unset.
        if (FindEnvironmentVariable(parameter.Name) is { } variable &&
            (_environment[variable].Length > 0 || AcceptsEmpty(parameter.Type)))
            return Convert([_environment[variable]], parameter, _workingDirectory, $"environment variable {variable}");

        if (!parameter.IsSecret && _files.TryGet(parameter.Name, out var fileTokens, out var file))
            return Convert(fileTokens, parameter, _root, $"{file} key '{parameter.Name}'");

        return null;
    }

    string? FindEnvironmentVariable(string name)
    {
        if (_environment.ContainsKey(name))
            return name;
        foreach (var candidate in new[] { ArgumentParser.Normalize(name), "nuke" + ArgumentParser.Normalize(name) })
        {
            var matches = _environmentByNormalizedName[candidate].ToList();
            if (matches.Count > 1)
                throw new UsageException($"Parameter '{name}' is set by several environment variables ({string.Join(", ", matches)}). Unset all but one.");
            if (matches.Count == 1)
                return matches[0];
        }
        return null;
    }

    static ParameterValue Convert(IReadOnlyList<string> tokens, ParameterMember parameter, string baseDirectory, string source) =>
        new(ValueConverter.Convert(tokens, parameter.Type, baseDirectory, source), source);

    static void RegisterSecret(object value)
    {
        if (value is System.Collections.IEnumerable items and not string)
            foreach (var item in items)
                SecretMasker.Register(item?.ToString());
        else
            SecretMasker.Register(value.ToString());
    }
    static bool AcceptsEmpty(Type type) =>
        type == typeof(string) || type == typeof(bool) || type == typeof(bool?) || ValueConverter.ElementType(type) is not null;
}
