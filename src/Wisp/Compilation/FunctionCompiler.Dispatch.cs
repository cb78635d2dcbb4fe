using System.Reflection.Emit;
using Wisp.Instructions;
using Wisp.Model;
using Wisp.Runtime;

namespace Wisp.Compilation;

// The per-instruction dispatch: control and parametric instructions here; numeric, variable, memory,
// table and call instructions in their own files.
internal sealed partial class FunctionCompiler
{
    private void Emit(in Instruction instruction)
    {
        switch (instruction.Opcode)
        {
            case Opcode.Unreachable:
                EmitThrow(TrapCode.Unreachable);
                MarkUnreachable();
                return;
            case Opcode.Nop:
                return;
            case Opcode.Block:
                EmitBlock(instruction.Block);
                return;
            case Opcode.Loop:
                EmitLoop(instruction.Block, instruction.Offset);
                return;
            case Opcode.If:
                EmitIf(instruction.Block);
                return;
            case Opcode.Else:
                EmitElse();
                return;
            case Opcode.End:
                EmitEnd();
                return;
            case Opcode.Br:
                EmitBr(instruction.Index);
                return;
            case Opcode.BrIf:
                EmitBrIf(instruction.Index);
                return;
            case Opcode.BrTable:
                EmitBrTable(instruction.Labels!, instruction.Index);
                return;
            case Opcode.Return:
                EmitReturnSequence();
                MarkUnreachable();
                return;
            case Opcode.Call:
                EmitCall(instruction.Index);
                return;
            case Opcode.CallIndirect:
                EmitCallIndirect(instruction.Index, instruction.Index2);
                return;
            case Opcode.Drop:
                Pop();
                _il.Emit(OpCodes.Pop);
                return;
            case Opcode.Select or Opcode.SelectTyped:
                EmitSelect();
                return;
            case Opcode.LocalGet:
                if (!TryEmitDeferredCompare(instruction.Index))
                {
                    EmitLocalGet(instruction.Index);
                    _loadedLocal = (int)instruction.Index;
                }

                return;
            case Opcode.LocalSet:
                if (!AbsorbLocalSet(instruction.Index))
                {
                    ForgetDeferredCompare(instruction.Index);
                    EmitLocalSet(instruction.Index);
                }

                return;
            case Opcode.LocalTee:
                ForgetDeferredCompare(instruction.Index);
                _il.Emit(OpCodes.Dup);
                Push(_stack[^1]);
                EmitLocalSet(instruction.Index);
                _loadedLocal = (int)instruction.Index;
                return;
            case Opcode.GlobalGet:
                EmitGlobalGet(instruction.Index);
                return;
            case Opcode.GlobalSet:
                EmitGlobalSet(instruction.Index);
                return;
            case Opcode.RefNull:
                _il.Emit(OpCodes.Ldnull);
                Push(instruction.ValType);
                return;
            case Opcode.RefIsNull:
                Pop();
                _il.Emit(OpCodes.Ldnull);
                _il.Emit(OpCodes.Ceq);
                Push(ValType.I32);
                return;
            case Opcode.RefFunc:
                EmitLoadFunctionInstance(instruction.Index);
                Push(ValType.FuncRef);
                return;
        }

        if (TryEmitMemoryInstruction(instruction) || TryEmitTableInstruction(instruction) || TryEmitSimdInstruction(instruction))
        {
            return;
        }

        EmitNumeric(instruction);
    }

    /// <summary><c>select</c>: [a, b, c] → c != 0 ? a : b, keeping a on the stack when it wins.</summary>
    private void EmitSelect()
    {
        Pop();
        var type = Pop();
        var condition = _scratch.Rent(typeof(int));
        var second = _scratch.Rent(ClrTypes.Of(type));
        _il.Emit(OpCodes.Stloc, condition);
        _il.Emit(OpCodes.Stloc, second);
        var done = _il.DefineLabel();
        _il.Emit(OpCodes.Ldloc, condition);
        _il.Emit(OpCodes.Brtrue, done);
        _il.Emit(OpCodes.Pop);
        _il.Emit(OpCodes.Ldloc, second);
        _il.MarkLabel(done);
        _scratch.Return(condition);
        _scratch.Return(second);
    }

    private void EmitLocalGet(uint index)
    {
        EmitLoadLocal((int)index);
        Push(_localTypes[index]);
    }

    /// <summary>Loads a Wasm local (an argument or an IL local) without touching the operand-stack model.</summary>
    private void EmitLoadLocal(int index)
    {
        if (index < _parameterCount)
        {
            _il.Emit(OpCodes.Ldarg, (short)index);
        }
        else
        {
            _il.Emit(OpCodes.Ldloc, _locals[index - _parameterCount]);
        }
    }

    private void EmitLocalSet(uint index)
    {
        Pop();
        if (index < _parameterCount)
        {
            _il.Emit(OpCodes.Starg, (short)index);
        }
        else
        {
            _il.Emit(OpCodes.Stloc, _locals[index - _parameterCount]);
        }
    }

    private void EmitLoadGlobalInstance(uint index)
    {
        EmitLoadContext();
        _il.Emit(OpCodes.Ldfld, RuntimeMembers.ContextGlobals);
        EmitLoadElementUnchecked<GlobalInstance>((int)index);
    }

    /// <summary>Globals hold numbers as raw bits (<see cref="GlobalInstance.Bits"/>), so floats are bit casts, never conversions.</summary>
    private void EmitGlobalGet(uint index)
    {
        var type = _module.Spaces.Globals[(int)index].ValType;
        if (type == ValType.V128)
        {
            EmitVectorGlobalGet(index);
            return;
        }

        EmitLoadGlobalInstance(index);
        if (type.IsReference())
        {
            _il.Emit(OpCodes.Ldfld, RuntimeMembers.GlobalReference);
        }
        else
        {
            _il.Emit(OpCodes.Ldfld, RuntimeMembers.GlobalBits);
            switch (type)
            {
                case ValType.I32:
                    _il.Emit(OpCodes.Conv_I4);
                    break;
                case ValType.F32:
                    _il.Emit(OpCodes.Conv_U4);
                    _il.Emit(OpCodes.Call, RuntimeMembers.Method(typeof(BitConverter), nameof(BitConverter.UInt32BitsToSingle), typeof(uint)));
                    break;
                case ValType.F64:
                    _il.Emit(OpCodes.Call, RuntimeMembers.Method(typeof(BitConverter), nameof(BitConverter.UInt64BitsToDouble), typeof(ulong)));
                    break;
            }
        }

        Push(type);
    }

    private void EmitGlobalSet(uint index)
    {
        if (_stack[^1] == ValType.V128)
        {
            EmitVectorGlobalSet(index);
            return;
        }

        var type = Pop();
        var value = _scratch.Rent(ClrTypes.Of(type));
        _il.Emit(OpCodes.Stloc, value);
        EmitLoadGlobalInstance(index);
        _il.Emit(OpCodes.Ldloc, value);
        _scratch.Return(value);
        if (type.IsReference())
        {
            _il.Emit(OpCodes.Stfld, RuntimeMembers.GlobalReference);
            return;
        }

        switch (type)
        {
            case ValType.I32:
                _il.Emit(OpCodes.Conv_U8); // zero-extended, like Value.FromInt32
                break;
            case ValType.F32:
                _il.Emit(OpCodes.Call, RuntimeMembers.Method(typeof(BitConverter), nameof(BitConverter.SingleToUInt32Bits), typeof(float)));
                _il.Emit(OpCodes.Conv_U8);
                break;
            case ValType.F64:
                _il.Emit(OpCodes.Call, RuntimeMembers.Method(typeof(BitConverter), nameof(BitConverter.DoubleToUInt64Bits), typeof(double)));
                break;
        }

        _il.Emit(OpCodes.Stfld, RuntimeMembers.GlobalBits);
    }

    /// <summary>An imported function is always in the context's array; a defined one may not be made yet.</summary>
    private void EmitLoadFunctionInstance(uint index)
    {
        EmitLoadContext();
        if (index < _module.ImportedFunctionCount)
        {
            _il.Emit(OpCodes.Ldfld, RuntimeMembers.ContextFunctions);
            EmitLoadElementUnchecked<FunctionInstance>((int)index);
            return;
        }

        _il.Emit(OpCodes.Ldc_I4, (int)index);
        _il.Emit(OpCodes.Call, RuntimeMembers.ContextFunction);
    }
}
