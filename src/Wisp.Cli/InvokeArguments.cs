using System.Globalization;
using Wisp.Model;
using Wisp.Runtime;

namespace Wisp.Cli;

/// <summary>Converts command-line text to and from Wasm values for <c>wisp run --invoke</c>.</summary>
internal static class InvokeArguments
{
    /// <summary>Parses <paramref name="text"/> as a value of <paramref name="type"/>; integers may be hex (0x..) or unsigned.</summary>
    public static bool TryParse(string text, ValType type, out Value value)
    {
        value = default;
        var invariant = CultureInfo.InvariantCulture;
        switch (type)
        {
            case ValType.I32 when TryParseInteger(text, out var i) && i >= int.MinValue && i <= uint.MaxValue:
                value = Value.FromInt32(unchecked((int)(long)i));
                return true;
            case ValType.I64 when TryParseInteger(text, out var l) && l >= long.MinValue && l <= ulong.MaxValue:
                value = Value.FromInt64(unchecked((long)l));
                return true;
            case ValType.F32 when float.TryParse(text, NumberStyles.Float, invariant, out var f):
                value = Value.FromSingle(f);
                return true;
            case ValType.F64 when double.TryParse(text, NumberStyles.Float, invariant, out var d):
                value = Value.FromDouble(d);
                return true;
            default:
                return false;
        }
    }

    /// <summary>A result as printed: integers in decimal, floats round-trippable, references as null or their description.</summary>
    public static string Format(Value value) => value.Type switch
    {
        ValType.I32 => value.AsInt32.ToString(CultureInfo.InvariantCulture),
        ValType.I64 => value.AsInt64.ToString(CultureInfo.InvariantCulture),
        ValType.F32 => value.AsSingle.ToString("R", CultureInfo.InvariantCulture),
        ValType.F64 => value.AsDouble.ToString("R", CultureInfo.InvariantCulture),
        ValType.V128 => $"0x{value.High:x16}{value.Bits:x16}",
        _ => value.Reference is null ? "null" : $"{value.Type.Name()}:{value.Reference}",
    };

    private static bool TryParseInteger(string text, out Int128 result)
    {
        var negative = text.StartsWith('-');
        var digits = negative ? text[1..] : text;
        // Wasm integers are sign-agnostic: accept anything from the signed minimum to the unsigned maximum.
        var hex = digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
        if (!ulong.TryParse(hex ? digits[2..] : digits, hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None, CultureInfo.InvariantCulture, out var magnitude))
        {
            result = 0;
            return false;
        }

        result = negative ? -(Int128)magnitude : magnitude;
        return true;
    }
}
