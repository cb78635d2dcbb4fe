using System.Runtime.Intrinsics;
using Wisp.Model;

namespace Wisp.Compilation;

/// <summary>How Wasm value types are represented in IL: numbers as their CLR primitives, v128 as <c>Vector128&lt;byte&gt;</c>, references as <c>object</c>.</summary>
internal static class ClrTypes
{
    public static Type Of(ValType type) => type switch
    {
        ValType.I32 => typeof(int),
        ValType.I64 => typeof(long),
        ValType.F32 => typeof(float),
        ValType.F64 => typeof(double),
        ValType.V128 => typeof(Vector128<byte>),
        ValType.FuncRef or ValType.ExternRef => typeof(object),
        _ => throw new NotSupportedException($"value type {type.Name()} is not supported by the compiler"),
    };

    /// <summary>
    /// The IL signature of a compiled function of <paramref name="type"/>: parameters, then one byref
    /// per result after the first (multi-value), then the instance context (or whatever last argument
    /// <paramref name="lastParameter"/> names, for thunks).
    /// </summary>
    public static (Type Return, Type[] Parameters) Signature(FunctionType type, Type lastParameter)
    {
        var results = type.Results;
        var parameters = new Type[type.Parameters.Count + Math.Max(0, results.Count - 1) + 1];
        var i = 0;
        foreach (var p in type.Parameters) parameters[i++] = Of(p);
        for (var r = 1; r < results.Count; r++) parameters[i++] = Of(results[r]).MakeByRefType();
        parameters[i] = lastParameter;
        return (results.Count == 0 ? typeof(void) : Of(results[0]), parameters);
    }
}
