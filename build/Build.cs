using BuildEngine;
using BuildEngine.Versioning;

/// <summary>The PazPaz delivery pipeline. Stages live in Components/, one per file; this class only wires them.</summary>
partial class Build : NukeBuild, IHazGitVersion, IPush, ICheckApiContract, ICompile, ICheckGeneratedFiles, ILintWorkflows, ITest, IGenerateWorkflows, IBenchmark, ICertificates, IAudit, IDeployProd, IRollback, IOperateEnvironment, IBackup, IRestore, IRestoreDrill, IMonitor
{
    public static int Main() => Execute<Build>(x => ((ITest)x).Test);

    [GitVersion] public GitVersion GitVersion { get; private set; } = null!;
}
