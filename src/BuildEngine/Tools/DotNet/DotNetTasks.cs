using BuildEngine.Tooling;

namespace BuildEngine.Tools.DotNet;

/// <summary><c>DotNetBuild(_ =&gt; _.SetProjectFile(...))</c>, as in NUKE.</summary>
public static class DotNetTasks
{
    public static ProcessResult DotNetBuild(Configure<DotNetBuildSettings> configure) => configure(new DotNetBuildSettings()).Run();
    public static ProcessResult DotNetBuild(DotNetBuildSettings settings) => settings.Run();
    public static ProcessResult DotNetTest(Configure<DotNetTestSettings> configure) => configure(new DotNetTestSettings()).Run();
    public static ProcessResult DotNetTest(DotNetTestSettings settings) => settings.Run();
}
