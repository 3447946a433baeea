namespace BuildEngine.Tests.Support;

/// <summary>
/// Graph G of the acceptance cases (anchors-nuke.md §10): Restore; Compile.DependsOn(Restore); Test.DependsOn(Compile);
/// Clean.Before(Restore); default target Test. Each action records its name in <see cref="Executed"/>.
/// </summary>
[DefaultTarget("Test")]
sealed class GraphG : NukeBuild
{
    public List<string> Executed { get; } = [];

    Target Restore => _ => _.Executes(() => Executed.Add(nameof(Restore)));
    Target Compile => _ => _.DependsOn(Restore).Executes(() => Executed.Add(nameof(Compile)));
    Target Test => _ => _.DependsOn(Compile).Executes(() => Executed.Add(nameof(Test)));
    Target Clean => _ => _.Before(Restore).Executes(() => Executed.Add(nameof(Clean)));
}
