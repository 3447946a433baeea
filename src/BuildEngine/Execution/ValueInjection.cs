using System.Reflection;
using BuildEngine.Parameters;
using BuildEngine.Versioning;

namespace BuildEngine.Execution;

/// <summary>Sets <c>[Parameter]</c> and <c>[GitVersion]</c> fields and properties of the build class before planning.</summary>
static class ValueInjection
{
    public static void InjectParameters(NukeBuild build, ParameterService parameters)
    {
        foreach (var parameter in parameters.Members.Where(p => p.Member.DeclaringType is { IsInterface: false }))
        {
            if (parameters.Resolve(parameter) is { } value)
                Assign(build, parameter, value.Value);
        }
    }

    public static void InjectGitVersion(NukeBuild build, Func<GitVersion> version)
    {
        const BindingFlags members = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
        var targets = build.GetType().GetMembers(members).Where(m => m.GetCustomAttribute<GitVersionAttribute>() is not null).ToList();
        if (targets.Count == 0)
            return;
        var value = version();
        foreach (var member in targets)
            SetMember(build, member, value);
    }

    /// <summary>Members declared on interfaces are read through TryGetValue; class members are written here.</summary>
    public static void Assign(NukeBuild build, ParameterMember parameter, object? value)
    {
        if (parameter.Member.DeclaringType is { IsInterface: false })
            SetMember(build, parameter.Member, value);
    }

    static void SetMember(object instance, MemberInfo member, object? value)
    {
        switch (member)
        {
            case FieldInfo field:
                field.SetValue(instance, value);
                break;
            case PropertyInfo { SetMethod: not null } property:
                property.SetValue(instance, value);
                break;
            case PropertyInfo property when BackingField(property) is { } backing:
                backing.SetValue(instance, value);
                break;
            default:
                throw new BuildDefinitionException($"'{member.Name}' cannot receive a value: make it a field, an auto-property, or read it with TryGetValue.");
        }
    }

    static FieldInfo? BackingField(PropertyInfo property) =>
        property.DeclaringType?.GetField($"<{property.Name}>k__BackingField", BindingFlags.Instance | BindingFlags.NonPublic);
}
