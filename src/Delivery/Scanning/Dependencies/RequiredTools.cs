using BuildEngine.Tooling;

namespace Delivery.Scanning.Dependencies;

/// <summary>Whether the programs a scanner starts are on this machine, asked before anything runs.</summary>
public static class RequiredTools
{
    /// <summary>Null when every tool resolves (PATH or <c>&lt;NAME&gt;_EXE</c>); otherwise a sentence naming what is missing.</summary>
    public static string? Missing(params string[] names)
    {
        var missing = names.Where(name => !Resolves(name)).ToList();
        return missing.Count == 0 ? null : $"{string.Join(" and ", missing.Select(m => $"'{m}'"))} not found on the PATH (install it, or set {missing[0].ToUpperInvariant()}_EXE)";
    }

    static bool Resolves(string name)
    {
        try
        {
            ProcessTasks.ResolveTool(name);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
