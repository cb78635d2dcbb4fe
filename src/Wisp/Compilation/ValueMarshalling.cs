using System.Reflection;
using System.Reflection.Emit;
using Wisp.Model;
using Wisp.Runtime;

namespace Wisp.Compilation;

/// <summary>
/// Emits conversions between <see cref="Value"/> and the IL representation of a Wasm value, always
/// through integer bits so float payloads (signalling NaNs included) cross unchanged.
/// </summary>
internal static class ValueMarshalling
{
    private static readonly MethodInfo GetBits = typeof(Value).GetProperty(nameof(Value.Bits))!.GetMethod!;
    private static readonly MethodInfo GetReference = typeof(Value).GetProperty(nameof(Value.Reference))!.GetMethod!;

    /// <summary>Stack: a managed pointer to a <see cref="Value"/> → the IL value.</summary>
    public static void EmitUnpack(ILGenerator il, ValType type)
    {
        switch (type)
        {
            case ValType.I32:
                il.Emit(OpCodes.Call, GetBits);
                il.Emit(OpCodes.Conv_I4);
                break;
            case ValType.I64:
                il.Emit(OpCodes.Call, GetBits);
                break;
            case ValType.F32:
                il.Emit(OpCodes.Call, GetBits);
                il.Emit(OpCodes.Conv_U4);
                il.Emit(OpCodes.Call, Bits(nameof(BitConverter.UInt32BitsToSingle), typeof(uint)));
                break;
            case ValType.F64:
                il.Emit(OpCodes.Call, GetBits);
                il.Emit(OpCodes.Call, Bits(nameof(BitConverter.UInt64BitsToDouble), typeof(ulong)));
                break;
            case ValType.V128:
                il.Emit(OpCodes.Call, typeof(SimdOperations).GetMethod(nameof(SimdOperations.FromValue))!);
                break;
            default:
                il.Emit(OpCodes.Call, GetReference);
                break;
        }
    }

    /// <summary>Stack: the IL value → a <see cref="Value"/>.</summary>
    public static void EmitPack(ILGenerator il, ValType type)
    {
        switch (type)
        {
            case ValType.I32:
                il.Emit(OpCodes.Call, FromValue(nameof(Value.FromInt32)));
                break;
            case ValType.I64:
                il.Emit(OpCodes.Call, FromValue(nameof(Value.FromInt64)));
                break;
            case ValType.F32:
                il.Emit(OpCodes.Call, Bits(nameof(BitConverter.SingleToUInt32Bits), typeof(float)));
                il.Emit(OpCodes.Call, FromValue(nameof(Value.FromSingleBits)));
                break;
            case ValType.F64:
                il.Emit(OpCodes.Call, Bits(nameof(BitConverter.DoubleToUInt64Bits), typeof(double)));
                il.Emit(OpCodes.Call, FromValue(nameof(Value.FromDoubleBits)));
                break;
            case ValType.V128:
                il.Emit(OpCodes.Call, typeof(SimdOperations).GetMethod(nameof(SimdOperations.ToValue))!);
                break;
            case ValType.FuncRef:
                il.Emit(OpCodes.Castclass, typeof(FunctionInstance));
                il.Emit(OpCodes.Call, FromValue(nameof(Value.FromFunction)));
                break;
            default:
                il.Emit(OpCodes.Call, FromValue(nameof(Value.FromExtern)));
                break;
        }
    }

    /// <summary>Stack: address, value → (stores the IL value through the address).</summary>
    public static void EmitStoreIndirect(ILGenerator il, ValType type)
    {
        if (type == ValType.V128)
        {
            il.Emit(OpCodes.Stobj, typeof(System.Runtime.Intrinsics.Vector128<byte>));
            return;
        }

        il.Emit(type switch
        {
            ValType.I32 => OpCodes.Stind_I4,
            ValType.I64 => OpCodes.Stind_I8,
            ValType.F32 => OpCodes.Stind_R4,
            ValType.F64 => OpCodes.Stind_R8,
            _ => OpCodes.Stind_Ref,
        });
    }

    private static MethodInfo Bits(string name, Type parameter) => typeof(BitConverter).GetMethod(name, [parameter])!;

    private static MethodInfo FromValue(string name) => typeof(Value).GetMethod(name, BindingFlags.Public | BindingFlags.Static)!;
}
