using BuildEngine;
using Serilog;

interface IGenerateWorkflows : INukeBuild
{
    Target GenerateWorkflows => _ => _
        .Description("Writes .github/workflows/*.yml and .nuke/build.schema.json from the build's declarations")
        .Executes(() =>
        {
            var written = WriteGeneratedFiles();
            if (written.Count == 0)
                Log.Information("Every generated file is up to date");
            foreach (var file in written)
                Log.Information("Wrote {File}", file);
        });
}
