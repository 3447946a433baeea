using BuildEngine.IO;
using Serilog;

namespace BuildEngine.Cli;

/// <summary>
/// Rewrites the generated files on local runs, but only when the build assembly changed (its MVID is the stamp),
/// so a warm <c>--help</c> pays nothing for it.
/// </summary>
static class GeneratedFiles
{
    public static void UpdateIfBuildChanged(NukeBuild build, AbsolutePath root, ILogger log)
    {
        var stamp = build.TemporaryDirectory / "generated-files.stamp";
        var mvid = build.GetType().Assembly.ManifestModule.ModuleVersionId.ToString();
        if (stamp.FileExists() && stamp.ReadAllText() == mvid)
            return;
        foreach (var file in build.GeneratedFiles.Where(f => !f.IsUpToDate(root)))
        {
            (root / file.RelativePath).WriteAllText(file.Content);
            log.Information("Updated {File} (generated from the build; commit it)", file.RelativePath);
        }
        stamp.WriteAllText(mvid);
    }
}
