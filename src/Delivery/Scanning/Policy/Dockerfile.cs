namespace Delivery.Scanning.Policy;

/// <summary>
/// One logical instruction: its keyword in upper case, its arguments with continuations joined, the line it starts on,
/// and the bodies of its heredocs (kept out of the instruction stream).
/// </summary>
public sealed record DockerfileInstruction(string Keyword, string Arguments, int Line, IReadOnlyList<string> Heredocs);

/// <summary>One build stage: the instructions from its FROM up to the next FROM.</summary>
public sealed record DockerfileStage(int Index, string? Name, string Base, DockerfileInstruction From, IReadOnlyList<DockerfileInstruction> Instructions)
{
    /// <summary>The earlier stage this one starts from (<c>FROM runtime</c>), whose image settings it inherits.</summary>
    public DockerfileStage? Parent { get; init; }

    /// <summary>This stage's instructions after those of the stages it builds on, in the order they apply to the image.</summary>
    public IEnumerable<DockerfileInstruction> Lineage => (Parent?.Lineage ?? []).Concat(Instructions);
}

/// <summary>A parsed Dockerfile: its parser directives (<c># syntax=</c>, <c># escape=</c>) and its instructions.</summary>
public sealed record Dockerfile(IReadOnlyDictionary<string, string> Directives, IReadOnlyList<DockerfileInstruction> Instructions)
{
    /// <summary>The ARGs before the first FROM: the only variables a FROM line can use.</summary>
    public IReadOnlyList<DockerfileInstruction> GlobalArgs => Instructions.TakeWhile(i => i.Keyword != "FROM").Where(i => i.Keyword == "ARG").ToList();

    public IReadOnlyList<DockerfileStage> Stages { get; } = SplitStages(Instructions);

    /// <summary>The stage a plain <c>docker build</c> produces: the last one.</summary>
    public DockerfileStage? FinalStage => Stages.Count == 0 ? null : Stages[^1];

    static List<DockerfileStage> SplitStages(IReadOnlyList<DockerfileInstruction> instructions)
    {
        var stages = new List<DockerfileStage>();
        var start = -1;
        for (var i = 0; i <= instructions.Count; i++)
        {
            if (i < instructions.Count && instructions[i].Keyword != "FROM")
                continue;
            if (start >= 0)
                stages.Add(NewStage(stages, instructions[start], instructions.Skip(start + 1).Take(i - start - 1).ToList()));
            start = i;
        }
        return stages;
    }

    static DockerfileStage NewStage(List<DockerfileStage> earlier, DockerfileInstruction from, List<DockerfileInstruction> body)
    {
        var (_, words) = DockerfileArguments.SplitFlags(from.Arguments);
        var image = words.Count > 0 ? words[0] : "";
        var name = words.Count >= 3 && words[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? words[2] : null;
        var parent = earlier.LastOrDefault(s => string.Equals(s.Name, image, StringComparison.OrdinalIgnoreCase));
        return new DockerfileStage(earlier.Count, name, image, from, body) { Parent = parent };
    }
}
