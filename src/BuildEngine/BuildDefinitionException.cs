namespace BuildEngine;

/// <summary>The build class itself is wrong (a cycle, a bad relation): nothing can run until the code is fixed.</summary>
public sealed class BuildDefinitionException(string message) : Exception(message);

/// <summary>The invocation is wrong (unknown target, bad or missing parameter value): exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
