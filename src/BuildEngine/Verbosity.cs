namespace BuildEngine;

public enum Verbosity
{
    /// <summary>Errors only.</summary>
    Quiet,

    /// <summary>Warnings and errors.</summary>
    Minimal,

    /// <summary>Everything but verbose diagnostics; tool output included.</summary>
    Normal,

    /// <summary>Everything, with stack traces.</summary>
    Verbose,
}
