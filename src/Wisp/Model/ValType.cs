namespace Wisp.Model;

/// <summary>A WebAssembly value type. The numeric values are the binary encodings (spec 5.3.3, 5.3.4).</summary>
public enum ValType : byte
{
    I32 = 0x7F,
    I64 = 0x7E,
    F32 = 0x7D,
    F64 = 0x7C,
    V128 = 0x7B,
    FuncRef = 0x70,
    ExternRef = 0x6F,
}

/// <summary>Facts about value types used by every layer.</summary>
public static class ValTypes
{
    public static bool IsValid(byte encoding) => encoding is 0x7F or 0x7E or 0x7D or 0x7C or 0x7B or 0x70 or 0x6F;

    public static bool IsReference(this ValType type) => type is ValType.FuncRef or ValType.ExternRef;

    public static bool IsNumeric(this ValType type) => type is ValType.I32 or ValType.I64 or ValType.F32 or ValType.F64;

    /// <summary>The text-format name: <c>i32</c>, <c>funcref</c>, ...</summary>
    public static string Name(this ValType type) => type switch
    {
        ValType.I32 => "i32",
        ValType.I64 => "i64",
        ValType.F32 => "f32",
        ValType.F64 => "f64",
        ValType.V128 => "v128",
        ValType.FuncRef => "funcref",
        ValType.ExternRef => "externref",
        _ => $"0x{(byte)type:x2}",
    };
}
