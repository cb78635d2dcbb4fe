using System.Globalization;
using Wisp.Model;

namespace Wisp.Fuzz.Transcripts;

/// <summary>
/// A WebAssembly value as both engines can express it: numbers as raw bits, references only as null or
/// not (reference identities cannot be compared across engines).
/// </summary>
public readonly record struct NeutralValue(ValType Type, ulong Bits, bool IsNull = false)
{
    public static NeutralValue I32(int value) => new(ValType.I32, (uint)value);

    public static NeutralValue I64(long value) => new(ValType.I64, (ulong)value);

    public static NeutralValue F32Bits(uint bits) => new(ValType.F32, bits);

    public static NeutralValue F64Bits(ulong bits) => new(ValType.F64, bits);

    public static NeutralValue Reference(ValType type, bool isNull) => new(type, 0, isNull);

    /// <summary>
    /// The transcript spelling. Every NaN prints as plain <c>nan</c>: the spec lets arithmetic NaN
    /// results carry any sign and (for non-canonical inputs) any payload, so bits would differ without
    /// either engine being wrong. See docs/testing.md.
    /// </summary>
    public override string ToString() => Type switch
    {
        ValType.I32 => $"i32:{((int)Bits).ToString(CultureInfo.InvariantCulture)}",
        ValType.I64 => $"i64:{((long)Bits).ToString(CultureInfo.InvariantCulture)}",
        ValType.F32 => float.IsNaN(BitConverter.UInt32BitsToSingle((uint)Bits)) ? "f32:nan" : $"f32:0x{(uint)Bits:x8}",
        ValType.F64 => double.IsNaN(BitConverter.UInt64BitsToDouble(Bits)) ? "f64:nan" : $"f64:0x{Bits:x16}",
        _ => IsNull ? $"{Type.Name()}:null" : $"{Type.Name()}:ref",
    };
}
