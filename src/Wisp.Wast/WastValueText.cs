using System.Globalization;
using Wisp.Loader.Text.Script;
using Wisp.Model;
using Wisp.Runtime;

namespace Wisp.Wast;

/// <summary>How values and expectations are written in failure reports: text-format constants, floats with their bits.</summary>
internal static class WastValueText
{
    public static string Of(Value value) => value.Type switch
    {
        ValType.I32 => $"i32.const {value.AsInt32}",
        ValType.I64 => $"i64.const {value.AsInt64}",
        ValType.F32 => $"f32.const {value.AsSingle.ToString("R", CultureInfo.InvariantCulture)} (0x{(uint)value.Bits:x8})",
        ValType.F64 => $"f64.const {value.AsDouble.ToString("R", CultureInfo.InvariantCulture)} (0x{value.Bits:x16})",
        ValType.V128 => $"v128.const i64x2 0x{value.Bits:x16} 0x{value.High:x16}",
        ValType.FuncRef => value.Reference is null ? "ref.null func" : $"ref.func {value.Reference}",
        ValType.ExternRef => value.Reference is null ? "ref.null extern" : value.Reference is SpecExternReference r ? r.ToString() : $"ref.extern {value.Reference}",
        _ => value.ToString(),
    };

    public static string Of(IReadOnlyList<Value> values) =>
        values.Count == 1 ? Of(values[0]) : $"[{string.Join(", ", values.Select(Of))}]";

    public static string Of(WastValue value) => value.Type switch
    {
        ValType.I32 => $"i32.const {(int)value.Bits}",
        ValType.I64 => $"i64.const {(long)value.Bits}",
        ValType.F32 => $"f32.const {BitConverter.UInt32BitsToSingle((uint)value.Bits).ToString("R", CultureInfo.InvariantCulture)} (0x{(uint)value.Bits:x8})",
        ValType.F64 => $"f64.const {BitConverter.UInt64BitsToDouble(value.Bits).ToString("R", CultureInfo.InvariantCulture)} (0x{value.Bits:x16})",
        ValType.V128 => $"v128.const i64x2 0x{value.Bits:x16} 0x{value.High:x16}",
        ValType.FuncRef => value.IsNull ? "ref.null func" : "ref.func",
        ValType.ExternRef => value.IsNull ? "ref.null extern" : $"ref.extern {value.Bits}",
        _ => value.ToString(),
    };

    public static string Of(WastExpected expected) => expected.Kind switch
    {
        WastExpectedKind.Exact => expected.Value is { } v ? Of(v) : expected.Type.Name(),
        WastExpectedKind.CanonicalNan => $"{expected.Type.Name()}.const nan:canonical",
        WastExpectedKind.ArithmeticNan => $"{expected.Type.Name()}.const nan:arithmetic",
        WastExpectedKind.AnyFunctionReference => "ref.func",
        WastExpectedKind.AnyExternReference => "ref.extern",
        WastExpectedKind.V128Lanes => $"v128.const {expected.Lanes?.FirstOrDefault()?.Type.Name()}x{expected.Lanes?.Count} {string.Join(" ", (expected.Lanes ?? []).Select(LaneText))}",
        WastExpectedKind.Either => $"(either {string.Join(" ", (expected.Alternatives ?? []).Select(a => $"({Of(a)})"))})",
        _ => expected.ToString(),
    };

    public static string Of(IReadOnlyList<WastExpected> expected) =>
        expected.Count == 1 ? Of(expected[0]) : $"[{string.Join(", ", expected.Select(Of))}]";

    private static string LaneText(WastExpected lane) => lane.Kind switch
    {
        WastExpectedKind.CanonicalNan => "nan:canonical",
        WastExpectedKind.ArithmeticNan => "nan:arithmetic",
        _ => lane.Value is { } v
            ? (lane.Type == ValType.F32
                ? BitConverter.UInt32BitsToSingle((uint)v.Bits).ToString("R", CultureInfo.InvariantCulture)
                : BitConverter.UInt64BitsToDouble(v.Bits).ToString("R", CultureInfo.InvariantCulture))
            : "?",
    };
}
