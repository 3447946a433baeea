using BuildEngine;

/// <summary>
/// Local runs regenerate the files derived from the build (parameter schema, workflows); CI only checks them,
/// so a change that forgot to commit one fails here instead of going unnoticed.
/// </summary>
interface ICheckGeneratedFiles : INukeBuild
{
    Target CheckGeneratedFiles => _ => _
        .Description("Fails when a file generated from the build differs from the committed copy")
        .TryDependentFor<ITest>(x => x.Test)
        .Executes(() =>
        {
            var outdated = FindOutdatedGeneratedFiles();
            if (outdated.Count > 0)
                throw new InvalidOperationException(string.Join(Environment.NewLine, outdated));
        });
}
