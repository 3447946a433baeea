using System.Reflection;
using System.Reflection.Emit;

namespace BuildEngine.Execution;

/// <summary>
/// Reads an interface's own default implementation of a target even when the build re-implements it,
/// which is what <c>Inherit&lt;T&gt;()</c> needs (C# has no <c>base(IComponent)</c> call syntax).
/// </summary>
static class NonVirtual
{
    public static Target GetTarget(PropertyInfo property, object instance)
    {
        var getter = property.GetMethod ?? throw new BuildDefinitionException($"Target '{property.Name}' has no getter.");
        var method = new DynamicMethod($"base_{property.Name}", typeof(Target), [typeof(object)], typeof(NonVirtual).Module, skipVisibility: true);
        var il = method.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Castclass, property.DeclaringType!);
        il.Emit(OpCodes.Call, getter);
        il.Emit(OpCodes.Ret);
        return ((Func<object, Target>)method.CreateDelegate(typeof(Func<object, Target>)))(instance);
    }
}
