namespace BuildEngine.Parameters;

/// <summary>The engine's own parameters. They are read from the command line only.</summary>
public static class BuiltInParameters
{
    public sealed record BuiltIn(string Name, string Description, string Type);

    public static readonly IReadOnlyList<BuiltIn> All =
    [
        new("Continue", "Skip the targets that succeeded in the previous attempt, if the invocation is unchanged.", "flag"),
        new("Help", "Show targets and parameters.", "flag"),
        new("LogFormat", "How console lines are written: text, or json (one object a line, for a log shipper); default: $PAZPAZ_LOG_FORMAT, else text.", "text|json"),
        new("NoLogo", "Do not print the version header.", "flag"),
        new("Plan", "Print the ordered plan with the reason each target is in it, then exit without running anything ('mermaid' for a graph).", "text|mermaid"),
        new("Profile", "Load .nuke/parameters.<profile>.json over .nuke/parameters.json (the last profile wins).", "list of string"),
        new("Root", "The repository root; by default the nearest folder up from the working directory that has a .nuke folder.", "path"),
        new("Skip", "Skip these targets, or with no names every target that was not invoked.", "list of target"),
        new("Target", "The targets to run (the same as naming them first on the command line).", "list of target"),
        new("Verbosity", "How much to log: quiet (errors), minimal (warnings), normal, verbose.", "quiet|minimal|normal|verbose"),
        new("Version", "Print the version of the commit being built and exit.", "flag"),
    ];

    public static bool IsBuiltIn(string name) => All.Any(b => ArgumentParser.Normalize(b.Name) == ArgumentParser.Normalize(name));
}
