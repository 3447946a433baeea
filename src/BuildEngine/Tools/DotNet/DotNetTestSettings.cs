using System.Collections.Immutable;
using BuildEngine.Tooling;
using static BuildEngine.Tools.DotNet.DotNetBuildSettings;

namespace BuildEngine.Tools.DotNet;

/// <summary><c>dotnet test</c> (VSTest).</summary>
public sealed record DotNetTestSettings : ToolSettings
{
    public string? ProjectFile { get; init; }
    public string? Configuration { get; init; }
    public bool NoBuild { get; init; }
    public bool NoRestore { get; init; }
    public string? Filter { get; init; }
    public string? ResultsDirectory { get; init; }
    public ImmutableList<string> Loggers { get; init; } = [];
    public string? Verbosity { get; init; }

    /// <summary>No compiler server or MSBuild node outlives the command (CI must not keep processes holding its log open).</summary>
    public bool DisableBuildServers { get; init; }

    protected override string ToolName => "dotnet";

    public override IReadOnlyList<string> GetArguments() =>
    [
        "test",
        .. Optional(ProjectFile),
        .. Pair("--configuration", Configuration),
        .. Flag("--no-build", NoBuild),
        .. Flag("--no-restore", NoRestore),
        .. Pair("--filter", Filter),
        .. Pair("--results-directory", ResultsDirectory),
        .. Loggers.SelectMany(l => new[] { "--logger", l }),
        .. Pair("--verbosity", Verbosity),
        .. Flag("--disable-build-servers", DisableBuildServers),
        "--nologo",
    ];
}

public static class DotNetTestSettingsExtensions
{
    public static DotNetTestSettings SetProjectFile(this DotNetTestSettings s, string? projectFile) => s with { ProjectFile = projectFile };
    public static DotNetTestSettings SetConfiguration(this DotNetTestSettings s, string? configuration) => s with { Configuration = configuration };
    public static DotNetTestSettings EnableNoBuild(this DotNetTestSettings s) => s with { NoBuild = true };
    public static DotNetTestSettings DisableNoBuild(this DotNetTestSettings s) => s with { NoBuild = false };
    public static DotNetTestSettings EnableNoRestore(this DotNetTestSettings s) => s with { NoRestore = true };
    public static DotNetTestSettings SetFilter(this DotNetTestSettings s, string? filter) => s with { Filter = filter };
    public static DotNetTestSettings SetResultsDirectory(this DotNetTestSettings s, string? directory) => s with { ResultsDirectory = directory };
    public static DotNetTestSettings AddLoggers(this DotNetTestSettings s, params string[] loggers) => s with { Loggers = s.Loggers.AddRange(loggers) };
    public static DotNetTestSettings ClearLoggers(this DotNetTestSettings s) => s with { Loggers = [] };
    public static DotNetTestSettings SetVerbosity(this DotNetTestSettings s, string? verbosity) => s with { Verbosity = verbosity };
    public static DotNetTestSettings EnableDisableBuildServers(this DotNetTestSettings s) => s with { DisableBuildServers = true };
}
