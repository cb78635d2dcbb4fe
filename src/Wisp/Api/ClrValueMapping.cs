using Wisp.Model;
using Wisp.Runtime;

namespace Wisp;

/// <summary>
/// How a CLR type stands for a Wasm value type in typed host functions and typed calls:
/// <c>int</c> is i32, <c>long</c> i64, <c>float</c> f32, <c>double</c> f64, <c>object</c> externref.
/// The type tests fold away when the JIT specialises the generic for a value type.
/// </summary>
internal static class ClrValueMapping<T>
{
    /// <summary>The Wasm type of <typeparamref name="T"/>, or null if it has none.</summary>
    public static readonly ValType? Type =
        typeof(T) == typeof(int) ? ValType.I32 :
        typeof(T) == typeof(long) ? ValType.I64 :
        typeof(T) == typeof(float) ? ValType.F32 :
        typeof(T) == typeof(double) ? ValType.F64 :
        typeof(T) == typeof(object) ? ValType.ExternRef :
        null;

    /// <summary>The Wasm type, or an exception naming the unsupported CLR type.</summary>
    public static ValType Require() =>
        Type ?? throw new NotSupportedException($"{typeof(T)} has no WebAssembly value type; use int, long, float, double or object");

    public static T FromValue(in Value value)
    {
        if (typeof(T) == typeof(int)) return (T)(object)value.AsInt32;
        if (typeof(T) == typeof(long)) return (T)(object)value.AsInt64;
        if (typeof(T) == typeof(float)) return (T)(object)value.AsSingle;
        if (typeof(T) == typeof(double)) return (T)(object)value.AsDouble;
        return (T)value.Reference!;
    }

    public static Value ToValue(T value)
    {
        if (typeof(T) == typeof(int)) return Value.FromInt32((int)(object)value!);
        if (typeof(T) == typeof(long)) return Value.FromInt64((long)(object)value!);
        if (typeof(T) == typeof(float)) return Value.FromSingle((float)(object)value!);
        if (typeof(T) == typeof(double)) return Value.FromDouble((double)(object)value!);
        return Value.FromExtern(value);
    }
}
