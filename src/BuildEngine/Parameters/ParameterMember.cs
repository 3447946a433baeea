using System.Reflection;

namespace BuildEngine.Parameters;

/// <summary>A declared parameter: a <c>[Parameter]</c> field or property of the build or of one of its component interfaces.</summary>
public sealed record ParameterMember(MemberInfo Member, string Name, string? Description, Type Type, bool IsSecret, bool Listed)
{
    const BindingFlags Members = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

    public string CommandLineName => "--" + ParameterNames.ToKebab(Name);
    public string EnvironmentName => ParameterNames.ToEnvironment(Name);

    public static IReadOnlyList<ParameterMember> Discover(Type buildType)
    {
        var found = new List<ParameterMember>();
        for (var type = buildType; type is not null && type != typeof(object); type = type.BaseType)
        {
            foreach (var member in type.GetMembers(Members).Where(m => m is FieldInfo or PropertyInfo))
                Add(found, member, prefix: "");
        }
        foreach (var component in buildType.GetInterfaces())
        {
            var prefix = component.GetCustomAttribute<ParameterPrefixAttribute>()?.Prefix ?? "";
            foreach (var property in component.GetProperties(Members))
                Add(found, property, prefix);
        }
        return found;
    }

    static void Add(List<ParameterMember> found, MemberInfo member, string prefix)
    {
        var attribute = member.GetCustomAttribute<ParameterAttribute>();
        if (attribute is null)
            return;
        var shortName = attribute.Name ?? member.Name[(member.Name.LastIndexOf('.') + 1)..];
        var name = prefix + shortName;
        if (found.Any(p => ArgumentParser.Normalize(p.Name) == ArgumentParser.Normalize(name)))
            return;
        var type = member switch
        {
            FieldInfo field => field.FieldType,
            PropertyInfo property => property.PropertyType,
            _ => throw new InvalidOperationException(),
        };
        found.Add(new ParameterMember(member, name, attribute.Description, type, member.GetCustomAttribute<SecretAttribute>() is not null, attribute.List));
    }
}
