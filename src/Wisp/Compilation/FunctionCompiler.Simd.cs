using System.Collections.Frozen;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.Intrinsics;
using Wisp.Instructions;
using Wisp.Model;
using Wisp.Runtime;

namespace Wisp.Compilation;

// v128 instructions: each is a call to the SimdOperations method named after its opcode, which the
// JIT inlines down to Vector128 operations. Operands are already on the IL stack in Wasm order;
// immediates (lane index, constant halves, shuffle mask) are pushed after them as constants.
internal sealed partial class FunctionCompiler
{
    private static readonly FrozenDictionary<Opcode, MethodInfo> SimdMethods = OpcodeTable.All
        .Where(info => info.Prefix == 0xFD)
        .ToFrozenDictionary(info => info.Opcode, info => RuntimeMembers.Method(typeof(SimdOperations), info.Opcode.ToString()));

    private bool TryEmitSimdInstruction(in Instruction instruction)
    {
        if (!SimdMethods.TryGetValue(instruction.Opcode, out var method))
        {
            return false;
        }

        var info = instruction.Info;
        var signature = info.Signature!;
        switch (info.Immediate)
        {
            case ImmediateKind.MemArg when signature.Pushes.Length == 1:
                // Loads: address → pointer.
                // The helpers load with intrinsics that RyuJIT also drops when the vector is unused.
                EmitEffectiveAddress(instruction, ProbeEnd(instruction));
                break;
            case ImmediateKind.MemArg:
                // Stores: the vector sits above the address until the pointer is made.
                EmitAddressBelowVector(instruction);
                break;
            case ImmediateKind.MemArgLane:
                EmitAddressBelowVector(instruction);
                _il.Emit(OpCodes.Ldc_I4, (int)instruction.Lane);
                break;
            case ImmediateKind.Lane:
                _il.Emit(OpCodes.Ldc_I4, (int)instruction.Lane);
                break;
            case ImmediateKind.V128:
            case ImmediateKind.Shuffle:
                _il.Emit(OpCodes.Ldc_I8, (long)instruction.Value);
                _il.Emit(OpCodes.Ldc_I8, (long)instruction.High);
                break;
        }

        _il.Emit(OpCodes.Call, method);
        EmitCanonicalNaNIfRequested(instruction.Opcode);
        PopMany(signature.Pops.Length);
        PushAll(signature.Pushes);
        return true;
    }

    /// <summary>Stack: address, vector → pointer, vector (the access bounds-checked).</summary>
    private void EmitAddressBelowVector(in Instruction instruction)
    {
        var vector = _scratch.Rent(typeof(Vector128<byte>));
        _il.Emit(OpCodes.Stloc, vector);
        EmitEffectiveAddress(instruction, ProbeEnd(instruction));
        _il.Emit(OpCodes.Ldloc, vector);
        _scratch.Return(vector);
    }

    private void EmitVectorGlobalGet(uint index)
    {
        EmitLoadGlobalInstance(index);
        _il.Emit(OpCodes.Call, RuntimeMembers.Method(typeof(SimdOperations), nameof(SimdOperations.LoadGlobal)));
        Push(ValType.V128);
    }

    private void EmitVectorGlobalSet(uint index)
    {
        Pop();
        var value = _scratch.Rent(typeof(Vector128<byte>));
        _il.Emit(OpCodes.Stloc, value);
        EmitLoadGlobalInstance(index);
        _il.Emit(OpCodes.Ldloc, value);
        _scratch.Return(value);
        _il.Emit(OpCodes.Call, RuntimeMembers.Method(typeof(SimdOperations), nameof(SimdOperations.StoreGlobal)));
    }
}
