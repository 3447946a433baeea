using BuildEngine.Parameters;

namespace BuildEngine.Execution;

/// <summary>Asks for a missing parameter, but only in an interactive terminal: never on CI or with redirected input.</summary>
static class RequirementPrompt
{
    public static bool TryFill(BuildContext context, MemberRequirement requirement)
    {
        if (!context.Invocation.IsInteractive || context.Host.IsServerBuild || context.Parameters.Find(requirement.Member) is not { } parameter)
            return false;

        Console.Write($"{parameter.Name} ({parameter.Description ?? ValueConverter.Describe(parameter.Type)}): ");
        var text = parameter.IsSecret ? ReadHidden() : Console.ReadLine();
        if (string.IsNullOrWhiteSpace(text))
            return false;
        var value = ValueConverter.Convert([text], parameter.Type, context.Invocation.WorkingDirectory, parameter.CommandLineName);
        context.Parameters.Set(parameter, value);
        ValueInjection.Assign(context.Build!, parameter, value);
        return requirement.IsSatisfied();
    }

    static string ReadHidden()
    {
        var text = new System.Text.StringBuilder();
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace && text.Length > 0)
                text.Length--;
            else if (!char.IsControl(key.KeyChar))
                text.Append(key.KeyChar);
        }
        Console.WriteLine();
        return text.ToString();
    }
}
