using System.Collections.Immutable;
using BuildEngine.Tooling;

namespace BuildEngine.Tools.DotNet;

/// <summary><c>dotnet build</c>.</summary>
public sealed record DotNetBuildSettings : ToolSettings
{
    public string? ProjectFile { get; init; }
    public string? Configuration { get; init; }
    public bool NoRestore { get; init; }
    public string? Verbosity { get; init; }

    /// <summary>No compiler server or MSBuild node outlives the command (CI must not keep processes holding its log open).</summary>
    public bool DisableBuildServers { get; init; }
    public ImmutableDictionary<string, string> Properties { get; init; } = ImmutableDictionary<string, string>.Empty;

    protected override string ToolName => "dotnet";

    public override IReadOnlyList<string> GetArguments() =>
    [
        "build",
        .. Optional(ProjectFile),
        .. Pair("--configuration", Configuration),
        .. Flag("--no-restore", NoRestore),
        .. Pair("--verbosity", Verbosity),
        .. Flag("--disable-build-servers", DisableBuildServers),
        "-nologo",
        .. Properties.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"-p:{p.Key}={p.Value}"),
    ];

    internal static IEnumerable<string> Optional(string? value) => value is null ? [] : [value];
    internal static IEnumerable<string> Pair(string name, string? value) => value is null ? [] : [name, value];
    internal static IEnumerable<string> Flag(string name, bool value) => value ? [name] : [];
}

public static class DotNetBuildSettingsExtensions
{
    public static DotNetBuildSettings SetProjectFile(this DotNetBuildSettings s, string? projectFile) => s with { ProjectFile = projectFile };
    public static DotNetBuildSettings SetConfiguration(this DotNetBuildSettings s, string? configuration) => s with { Configuration = configuration };
    public static DotNetBuildSettings EnableNoRestore(this DotNetBuildSettings s) => s with { NoRestore = true };
    public static DotNetBuildSettings DisableNoRestore(this DotNetBuildSettings s) => s with { NoRestore = false };
    public static DotNetBuildSettings SetVerbosity(this DotNetBuildSettings s, string? verbosity) => s with { Verbosity = verbosity };
    public static DotNetBuildSettings EnableDisableBuildServers(this DotNetBuildSettings s) => s with { DisableBuildServers = true };
    public static DotNetBuildSettings SetProperty(this DotNetBuildSettings s, string name, object value) =>
        s with { Properties = s.Properties.SetItem(name, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!) };
}
