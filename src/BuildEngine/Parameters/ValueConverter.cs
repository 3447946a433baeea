using System.Collections;
using System.ComponentModel;
using System.Globalization;
using BuildEngine.IO;

namespace BuildEngine.Parameters;

/// <summary>
/// Converts raw text into a parameter's type. Arrays take every token and split each on commas and whitespace,
/// the same rule for the command line, the environment and parameters files.
/// </summary>
static class ValueConverter
{
    public static object? Convert(IReadOnlyList<string> tokens, Type type, string baseDirectory, string source)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        var elementType = ElementType(underlying);
        if (elementType is not null)
        {
            var items = tokens.SelectMany(Split).Select(t => ConvertScalar(t, elementType, baseDirectory, source)).ToList();
            var array = Array.CreateInstance(elementType, items.Count);
            for (var i = 0; i < items.Count; i++)
                array.SetValue(items[i], i);
            return underlying.IsArray ? array : Activator.CreateInstance(typeof(List<>).MakeGenericType(elementType), array);
        }

        if (underlying == typeof(bool) && tokens.Count == 0)
            return true;
        if (tokens.Count == 0)
            throw new UsageException($"{source} needs a value ({Describe(type)}).");
        if (tokens.Count > 1)
            throw new UsageException($"{source} takes one value, but got {tokens.Count}: {string.Join(" ", tokens)}. Quote a value that contains spaces.");
        return ConvertScalar(tokens[0], underlying, baseDirectory, source);
    }

    public static Type? ElementType(Type type)
    {
        if (type == typeof(string))
            return null;
        if (type.IsArray)
            return type.GetElementType();
        if (type.IsGenericType && type.GetGenericTypeDefinition() is var definition &&
            (definition == typeof(IReadOnlyList<>) || definition == typeof(List<>) || definition == typeof(IEnumerable<>) || definition == typeof(IReadOnlyCollection<>)))
            return type.GetGenericArguments()[0];
        return null;
    }

    public static string Describe(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (ElementType(underlying) is { } element)
            return $"list of {Describe(element)}";
        if (underlying.IsEnum)
            return string.Join("|", Enum.GetNames(underlying).Select(n => n.ToLowerInvariant()));
        return underlying switch
        {
            _ when underlying == typeof(string) => "string",
            _ when underlying == typeof(bool) => "flag",
            _ when underlying == typeof(int) || underlying == typeof(long) => "integer",
            _ when underlying == typeof(double) || underlying == typeof(decimal) => "number",
            _ when underlying == typeof(AbsolutePath) => "path",
            _ => underlying.Name,
        };
    }

    static IEnumerable<string> Split(string token) =>
        token.Split([',', ' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    static object ConvertScalar(string text, Type type, string baseDirectory, string source)
    {
        try
        {
            if (type == typeof(string))
                return text;
            if (type == typeof(bool))
                return text.Trim().ToLowerInvariant() switch
                {
                    "true" or "1" or "yes" or "on" => true,
                    "false" or "0" or "no" or "off" or "" => false,
                    _ => throw new FormatException(),
                };
            if (type == typeof(AbsolutePath))
                return AbsolutePath.Resolve(text, baseDirectory);
            if (type.IsEnum)
                return Enum.GetValues(type).Cast<object>().FirstOrDefault(v => ArgumentParser.Normalize(v.ToString()!) == ArgumentParser.Normalize(text))
                       ?? throw new FormatException();
            if (type == typeof(int))
                return int.Parse(text, CultureInfo.InvariantCulture);
            if (type == typeof(long))
                return long.Parse(text, CultureInfo.InvariantCulture);
            if (type == typeof(double))
                return double.Parse(text, CultureInfo.InvariantCulture);
            return TypeDescriptor.GetConverter(type).ConvertFromInvariantString(text)
                   ?? throw new FormatException();
        }
        catch (Exception e) when (e is FormatException or OverflowException or NotSupportedException or ArgumentException)
        {
            throw new UsageException($"{source}: '{text}' is not a valid {Describe(type)}.");
        }
    }

    public static string Format(object? value) => value switch
    {
        null => "",
        string s => s,
        IEnumerable items => string.Join(",", items.Cast<object?>().Select(Format)),
        bool b => b ? "true" : "false",
        Enum e => e.ToString().ToLowerInvariant(),
        _ => System.Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
