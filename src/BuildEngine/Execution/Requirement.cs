using System.Collections;
using System.Linq.Expressions;
using System.Reflection;

namespace BuildEngine.Execution;

/// <summary>Something a target needs before the build may start: a member with a value, or a condition.</summary>
abstract record Requirement
{
    public static MemberRequirement ForMember(LambdaExpression expression)
    {
        var body = expression.Body is UnaryExpression { NodeType: ExpressionType.Convert } convert ? convert.Operand : expression.Body;
        if (body is not MemberExpression { Member: var member })
            throw new BuildDefinitionException($"Requires(() => Member) takes a field or property, not '{expression.Body}'. Use Requires(() => condition) for a condition.");
        return new MemberRequirement(member, expression);
    }
}

sealed record MemberRequirement(MemberInfo Member, LambdaExpression Expression) : Requirement
{
    public bool IsSatisfied() => HasValue(Expression.Compile().DynamicInvoke());

    public static bool HasValue(object? value) => value switch
    {
        null => false,
        string text => !string.IsNullOrWhiteSpace(text),
        ICollection collection => collection.Count > 0,
        _ => true,
    };
}

sealed record ConditionRequirement(Func<bool> Condition, string Text) : Requirement;
