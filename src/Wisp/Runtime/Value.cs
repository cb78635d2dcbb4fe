using Wisp.Model;

namespace Wisp.Runtime;

/// <summary>
/// A WebAssembly value of any type, for dynamic calls across the host boundary. Numbers are kept as
/// raw bits so that floats (NaN payloads included) cross unchanged. References: <see cref="Reference"/>
/// is null for a null reference, a <see cref="FunctionInstance"/> for funcref, any object for externref.
/// </summary>
public readonly struct Value : IEquatable<Value>
{
    private Value(ValType type, ulong bits, ulong high, object? reference)
    {
        Type = type;
        Bits = bits;
        High = high;
        Reference = reference;
    }

    public ValType Type { get; }

    /// <summary>The low 64 bits: the integer, the float's IEEE bits, or a v128's low half.</summary>
    public ulong Bits { get; }

    /// <summary>A v128's high 64 bits.</summary>
    public ulong High { get; }

    public object? Reference { get; }

    public int AsInt32 => (int)Bits;

    public long AsInt64 => (long)Bits;

    public float AsSingle => BitConverter.Int32BitsToSingle((int)Bits);

    public double AsDouble => BitConverter.Int64BitsToDouble((long)Bits);

    public static Value FromInt32(int value) => new(ValType.I32, (uint)value, 0, null);

    public static Value FromInt64(long value) => new(ValType.I64, (ulong)value, 0, null);

    public static Value FromSingle(float value) => new(ValType.F32, (uint)BitConverter.SingleToInt32Bits(value), 0, null);

    public static Value FromDouble(double value) => new(ValType.F64, (ulong)BitConverter.DoubleToInt64Bits(value), 0, null);

    public static Value FromSingleBits(uint bits) => new(ValType.F32, bits, 0, null);

    public static Value FromDoubleBits(ulong bits) => new(ValType.F64, bits, 0, null);

    public static Value FromV128(ulong low, ulong high) => new(ValType.V128, low, high, null);

    public static Value FromFunction(FunctionInstance? function) => new(ValType.FuncRef, 0, 0, function);

    public static Value FromExtern(object? value) => new(ValType.ExternRef, 0, 0, value);

    public static Value NullOf(ValType referenceType) => new(referenceType, 0, 0, null);

    /// <summary>The zero value of a type (the default of locals and table slots).</summary>
    public static Value Default(ValType type) => new(type, 0, 0, null);

    public bool IsNull => Type.IsReference() && Reference is null;

    /// <summary>Bitwise equality for numbers, reference equality for references.</summary>
    public bool Equals(Value other) =>
        Type == other.Type && Bits == other.Bits && High == other.High && ReferenceEquals(Reference, other.Reference);

    public override bool Equals(object? obj) => obj is Value v && Equals(v);

    public override int GetHashCode() => HashCode.Combine(Type, Bits, High, Reference);

    public override string ToString() => Type switch
    {
        ValType.I32 => $"i32:{AsInt32}",
        ValType.I64 => $"i64:{AsInt64}",
        ValType.F32 => $"f32:{AsSingle} (0x{(uint)Bits:x8})",
        ValType.F64 => $"f64:{AsDouble} (0x{Bits:x16})",
        ValType.V128 => $"v128:0x{High:x16}{Bits:x16}",
        _ => Reference is null ? $"{Type.Name()}:null" : $"{Type.Name()}:{Reference}",
    };
}
