using BuildEngine.IO;
using Serilog;

namespace BuildEngine.Cli;

/// <summary>
/// Rewrites the generated files on local runs, but only when the build assembly or one of the files changed since the
/// last check (the stamp is the assembly's MVID and the files' write times), so a warm <c>--help</c> pays only a stat.
/// </summary>
static class GeneratedFiles
{
    public static void UpdateIfBuildChanged(NukeBuild build, AbsolutePath root, ILogger log)
    {
        var stamp = build.TemporaryDirectory / "generated-files.stamp";
        if (stamp.FileExists() && stamp.ReadAllText() == Stamp(build, root))
            return;
        foreach (var file in build.GeneratedFiles.Where(f => !f.IsUpToDate(root)))
        {
            file.Write(root);
            log.Information("Updated {File} (generated from the build; commit it)", file.RelativePath);
        }
        stamp.WriteAllText(Stamp(build, root));
    }

    static string Stamp(NukeBuild build, AbsolutePath root)
    {
        var mvid = build.GetType().Assembly.ManifestModule.ModuleVersionId.ToString();
        var times = build.GeneratedFilePaths.Select(p => File.GetLastWriteTimeUtc(root / p).Ticks);
        return string.Join(' ', [mvid, .. times.Select(t => t.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
    }
}
