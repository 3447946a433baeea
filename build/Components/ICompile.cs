using BuildEngine;
using BuildEngine.Tooling;
using BuildEngine.Tools.DotNet;
using static BuildEngine.Tools.DotNet.DotNetTasks;

interface ICompile : IHazSolution
{
    Target Compile => _ => _
        .Description("Builds the engine, the delivery library and the test projects")
        .Executes(() => DotNetBuild(_ => _
            .Apply(CompileSettingsBase)
            .Apply(CompileSettings)));

    sealed Configure<DotNetBuildSettings> CompileSettingsBase => _ => _
        .SetProjectFile(Solution)
        .SetConfiguration(Configuration.ToString())
        .SetVerbosity("quiet")
        // On CI, no compiler server or MSBuild node may outlive the build and hold the log open.
        .When(IsServerBuild, _ => _.EnableDisableBuildServers());

    Configure<DotNetBuildSettings> CompileSettings => _ => _;
}
