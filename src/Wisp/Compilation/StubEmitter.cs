using System.Reflection;
using System.Reflection.Emit;
using Wisp.Model;
using Wisp.Runtime;

namespace Wisp.Compilation;

/// <summary>
/// Emits the two adapters between dynamically typed calls and compiled code, one of each per
/// function type a module needs:
/// <list type="bullet">
/// <item>entry stubs (<see cref="EntryStub"/>): host → compiled code, unpacking <see cref="Value"/>s and calling a code pointer;</item>
/// <item>host thunks: compiled code → any non-compiled <see cref="FunctionInstance"/>, with the compiled calling convention on the outside (the callee, then the caller's context, in place of the context).</item>
/// </list>
/// </summary>
internal static class StubEmitter
{
    private static readonly MethodInfo ReadOnlySpanItem = typeof(ReadOnlySpan<Value>).GetMethod("get_Item")!;
    private static readonly MethodInfo SpanItem = typeof(Span<Value>).GetMethod("get_Item")!;

    public static void EmitEntryStub(MethodBuilder method, FunctionType type)
    {
        var il = method.GetILGenerator();
        var parameters = type.Parameters;
        var results = type.Results;
        for (var i = 0; i < parameters.Count; i++)
        {
            il.Emit(OpCodes.Ldarga_S, (byte)0);
            il.Emit(OpCodes.Ldc_I4, i);
            il.Emit(OpCodes.Call, ReadOnlySpanItem);
            ValueMarshalling.EmitUnpack(il, parameters[i]);
        }

        var resultLocals = new LocalBuilder[results.Count];
        for (var r = 0; r < results.Count; r++)
        {
            resultLocals[r] = il.DeclareLocal(ClrTypes.Of(results[r]));
        }

        for (var r = 1; r < results.Count; r++)
        {
            il.Emit(OpCodes.Ldloca, resultLocals[r]);
        }

        il.Emit(OpCodes.Ldarg_2);
        il.Emit(OpCodes.Ldarg_3);
        var (returnType, parameterTypes) = ClrTypes.Signature(type, typeof(InstanceContext));
        il.EmitCalli(OpCodes.Calli, CallingConventions.Standard, returnType, parameterTypes, null);
        if (results.Count > 0)
        {
            il.Emit(OpCodes.Stloc, resultLocals[0]);
        }

        for (var r = 0; r < results.Count; r++)
        {
            il.Emit(OpCodes.Ldarga_S, (byte)1);
            il.Emit(OpCodes.Ldc_I4, r);
            il.Emit(OpCodes.Call, SpanItem);
            il.Emit(OpCodes.Ldloc, resultLocals[r]);
            ValueMarshalling.EmitPack(il, results[r]);
            il.Emit(OpCodes.Stobj, typeof(Value));
        }

        il.Emit(OpCodes.Ret);
    }

    public static void EmitHostThunk(MethodBuilder method, FunctionType type)
    {
        var il = method.GetILGenerator();
        var parameters = type.Parameters;
        var results = type.Results;
        var arguments = il.DeclareLocal(typeof(Value[]));
        var resultValues = il.DeclareLocal(typeof(Value[]));
        il.Emit(OpCodes.Ldc_I4, parameters.Count);
        il.Emit(OpCodes.Newarr, typeof(Value));
        il.Emit(OpCodes.Stloc, arguments);
        for (var i = 0; i < parameters.Count; i++)
        {
            il.Emit(OpCodes.Ldloc, arguments);
            il.Emit(OpCodes.Ldc_I4, i);
            il.Emit(OpCodes.Ldelema, typeof(Value));
            il.Emit(OpCodes.Ldarg, i);
            ValueMarshalling.EmitPack(il, parameters[i]);
            il.Emit(OpCodes.Stobj, typeof(Value));
        }

        il.Emit(OpCodes.Ldc_I4, results.Count);
        il.Emit(OpCodes.Newarr, typeof(Value));
        il.Emit(OpCodes.Stloc, resultValues);
        var functionArgument = parameters.Count + Math.Max(0, results.Count - 1);
        il.Emit(OpCodes.Ldarg, functionArgument);
        il.Emit(OpCodes.Ldloc, arguments);
        il.Emit(OpCodes.Ldloc, resultValues);
        il.Emit(OpCodes.Ldarg, functionArgument + 1);
        il.Emit(OpCodes.Call, RuntimeMembers.HostInvoke);
        for (var r = 1; r < results.Count; r++)
        {
            il.Emit(OpCodes.Ldarg, parameters.Count + r - 1);
            EmitLoadResult(il, resultValues, r, results[r]);
            ValueMarshalling.EmitStoreIndirect(il, results[r]);
        }

        if (results.Count > 0)
        {
            EmitLoadResult(il, resultValues, 0, results[0]);
        }

        il.Emit(OpCodes.Ret);
    }

    private static void EmitLoadResult(ILGenerator il, LocalBuilder values, int index, ValType type)
    {
        il.Emit(OpCodes.Ldloc, values);
        il.Emit(OpCodes.Ldc_I4, index);
        il.Emit(OpCodes.Ldelema, typeof(Value));
        ValueMarshalling.EmitUnpack(il, type);
    }
}
