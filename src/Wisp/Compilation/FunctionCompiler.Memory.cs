using System.Reflection.Emit;
using Wisp.Instructions;
using Wisp.Model;
using Wisp.Runtime;

namespace Wisp.Compilation;

// Memory instructions. With guard pages (Engine.GuardPages) an access is one addressing mode and
// an out-of-bounds one faults into a trap (GuardPageFaults). Otherwise every access is checked
// explicitly: u32 address + (offset + width) <= length, computed in 64 bits, one unsigned compare
// against the cached length.
internal sealed partial class FunctionCompiler
{
    private bool TryEmitMemoryInstruction(in Instruction instruction)
    {
        var op = instruction.Opcode;
        switch (op)
        {
            case Opcode.I32Load: EmitLoad(instruction, OpCodes.Ldind_I4, null); break;
            case Opcode.I64Load: EmitLoad(instruction, OpCodes.Ldind_I8, null); break;
            case Opcode.F32Load: EmitLoad(instruction, OpCodes.Ldind_R4, null); break;
            case Opcode.F64Load: EmitLoad(instruction, OpCodes.Ldind_R8, null); break;
            case Opcode.I32Load8S: EmitLoad(instruction, OpCodes.Ldind_I1, null); break;
            case Opcode.I32Load8U: EmitLoad(instruction, OpCodes.Ldind_U1, null); break;
            case Opcode.I32Load16S: EmitLoad(instruction, OpCodes.Ldind_I2, null); break;
            case Opcode.I32Load16U: EmitLoad(instruction, OpCodes.Ldind_U2, null); break;
            case Opcode.I64Load8S: EmitLoad(instruction, OpCodes.Ldind_I1, OpCodes.Conv_I8); break;
            case Opcode.I64Load8U: EmitLoad(instruction, OpCodes.Ldind_U1, OpCodes.Conv_U8); break;
            case Opcode.I64Load16S: EmitLoad(instruction, OpCodes.Ldind_I2, OpCodes.Conv_I8); break;
            case Opcode.I64Load16U: EmitLoad(instruction, OpCodes.Ldind_U2, OpCodes.Conv_U8); break;
            case Opcode.I64Load32S: EmitLoad(instruction, OpCodes.Ldind_I4, OpCodes.Conv_I8); break;
            case Opcode.I64Load32U: EmitLoad(instruction, OpCodes.Ldind_U4, OpCodes.Conv_U8); break;
            case Opcode.I32Store: EmitStore(instruction, OpCodes.Stind_I4, null); break;
            case Opcode.I64Store: EmitStore(instruction, OpCodes.Stind_I8, null); break;
            case Opcode.F32Store: EmitStore(instruction, OpCodes.Stind_R4, null); break;
            case Opcode.F64Store: EmitStore(instruction, OpCodes.Stind_R8, null); break;
            case Opcode.I32Store8: EmitStore(instruction, OpCodes.Stind_I1, null); break;
            case Opcode.I32Store16: EmitStore(instruction, OpCodes.Stind_I2, null); break;
            case Opcode.I64Store8: EmitStore(instruction, OpCodes.Stind_I1, OpCodes.Conv_I4); break;
            case Opcode.I64Store16: EmitStore(instruction, OpCodes.Stind_I2, OpCodes.Conv_I4); break;
            case Opcode.I64Store32: EmitStore(instruction, OpCodes.Stind_I4, OpCodes.Conv_I4); break;
            case Opcode.MemorySize:
                if (_memoryLength is null)
                {
                    EmitLoadMemory();
                    _il.Emit(OpCodes.Ldfld, RuntimeMembers.MemoryLength);
                }
                else
                {
                    _il.Emit(OpCodes.Ldloc, _memoryLength);
                }

                _il.Emit(OpCodes.Ldc_I4, 16);
                _il.Emit(OpCodes.Shr_Un);
                _il.Emit(OpCodes.Conv_I4);
                Push(ValType.I32);
                break;
            case Opcode.MemoryGrow:
                EmitLoadMemory();
                _il.Emit(OpCodes.Call, Operation(nameof(MemoryOperations.Grow)));
                ReloadMemoryLength();
                break;
            case Opcode.MemoryFill:
                EmitLoadMemory();
                _il.Emit(OpCodes.Call, Operation(nameof(MemoryOperations.Fill)));
                PopMany(3);
                break;
            case Opcode.MemoryCopy:
                EmitLoadMemory();
                _il.Emit(OpCodes.Call, Operation(nameof(MemoryOperations.Copy)));
                PopMany(3);
                break;
            case Opcode.MemoryInit:
                EmitLoadContext();
                _il.Emit(OpCodes.Ldc_I4, (int)instruction.Index);
                _il.Emit(OpCodes.Call, Operation(nameof(MemoryOperations.Init)));
                PopMany(3);
                break;
            case Opcode.DataDrop:
                EmitLoadContext();
                _il.Emit(OpCodes.Ldc_I4, (int)instruction.Index);
                _il.Emit(OpCodes.Call, Operation(nameof(MemoryOperations.DropData)));
                break;
            default:
                return false;
        }

        return true;
    }

    private static System.Reflection.MethodInfo Operation(string name) => RuntimeMembers.Method(typeof(MemoryOperations), name);

    private void EmitLoad(in Instruction instruction, OpCode load, OpCode? widen)
    {
        Pop();
        EmitEffectiveAddress(instruction, ProbeEnd(instruction));
        if (instruction.Info.AccessWidth > 1) _il.Emit(OpCodes.Unaligned, (byte)1);
        _il.Emit(load);
        if (widen is { } w) _il.Emit(w);
        Push(instruction.Info.Signature!.Pushes[0]);
    }

    private void EmitStore(in Instruction instruction, OpCode store, OpCode? narrow)
    {
        var type = Pop();
        Pop();
        var value = _scratch.Rent(ClrTypes.Of(type));
        _il.Emit(OpCodes.Stloc, value);
        EmitEffectiveAddress(instruction);
        _il.Emit(OpCodes.Ldloc, value);
        if (narrow is { } n) _il.Emit(n);
        if (instruction.Info.AccessWidth > 1) _il.Emit(OpCodes.Unaligned, (byte)1);
        _il.Emit(store);
        _scratch.Return(value);
    }

    /// <summary>
    /// Whether a load relying on guard pages must be probed: its last byte read first
    /// (<see cref="EmitEffectiveAddress"/>). RyuJIT replaces a load whose value is never used (dropped,
    /// or stored to a dead local) by a null check that reads at most 4 bytes at its address, volatile
    /// or not, so a dead 8- or 16-byte load straddling the end of memory would not fault. A load whose
    /// value reaches a store never is (<see cref="LoadsReachingStores"/>).
    /// </summary>
    private bool NeedsFullWidthRead(in Instruction access) =>
        IsUncheckedWideLoad(access) && !_loadsReachingStores.Contains(access.Offset);

    /// <summary>A load of more than 4 bytes that relies on guard pages.</summary>
    private bool IsUncheckedWideLoad(in Instruction access) =>
        access.Info.AccessWidth > 4 && access.Info.Signature is { Pushes.Length: 1 } && !NeedsBoundsCheck(access);

    /// <summary>
    /// Where a load that <see cref="NeedsFullWidthRead"/> reads its probe (the byte before this end,
    /// relative to its address), or 0 for none. The probes are planned as explicit checks are
    /// (<see cref="BoundsCheckPlan"/>, without loop versioning): one whose bytes an earlier probe
    /// through the same value covered needs none, and the first probe of a side-effect-free window
    /// reads the last byte of all the window's probed loads through that value (hash64's four 8-byte
    /// loads per iteration share one).
    /// </summary>
    private ulong ProbeEnd(in Instruction load) => _probes is { } plan && NeedsFullWidthRead(load) ? plan.CheckEnd(load) : 0;

    /// <summary>
    /// Stack: i32 address → native pointer to the accessed bytes, after trapping if out of bounds. With
    /// a <paramref name="probeEnd"/> (<see cref="ProbeEnd"/>) it first reads the byte before that end:
    /// a one-byte volatile read is never narrowed, and if that byte is in bounds so is every byte
    /// before it. One extra L1 read; no compare, no branch. The probe's pointer is formed afresh from
    /// the address, not duplicated: a duplicated pointer becomes a JIT temporary, and a read at a small
    /// offset from a temporary already read counts as one that cannot fault.
    /// </summary>
    private void EmitEffectiveAddress(in Instruction instruction, ulong probeEnd = 0)
    {
        var offset = instruction.Value;
        if (NeedsBoundsCheck(instruction) && !ProvenByLoopEntry(instruction) && _boundsChecks!.CheckEnd(instruction) is var end and not 0)
        {
            // zext(address) + end <= length, where end is offset + width or, when the check also covers
            // later accesses through the same address (BoundsCheckPlan), the largest of theirs.
            _il.Emit(OpCodes.Conv_U8);
            _il.Emit(OpCodes.Stloc, _effectiveAddress!);
            var inBounds = _il.DefineLabel();
            _il.Emit(OpCodes.Ldloc, _effectiveAddress!);
            _il.Emit(OpCodes.Ldloc, _memoryLength!);
            _il.Emit(OpCodes.Ldc_I8, (long)end);
            _il.Emit(OpCodes.Sub);
            _il.Emit(OpCodes.Ble, inBounds);

            // An IL throw, not a call to a throwing helper: RyuJIT then knows the path ends, moves it out
            // of line and keeps values in registers across the check. Across a call it would spill every
            // live value (and on SysV every float: no XMM register survives a call).
            EmitThrow(TrapCode.MemoryOutOfBounds);
            _il.MarkLabel(inBounds);
            _il.Emit(OpCodes.Ldloc, _effectiveAddress!);
        }
        else if (probeEnd != 0)
        {
            var address = _scratch.Rent(typeof(int));
            _il.Emit(OpCodes.Stloc, address);
            _il.Emit(OpCodes.Ldloc, address);
            EmitPointer(probeEnd - 1);
            _il.Emit(OpCodes.Volatile);
            _il.Emit(OpCodes.Ldind_U1);
            _il.Emit(OpCodes.Pop);
            _il.Emit(OpCodes.Ldloc, address);
            _scratch.Return(address);
        }

        EmitPointer(offset);
    }

    /// <summary>
    /// Stack: zero-extendable address → base + address + offset, which RyuJIT folds into one addressing
    /// mode. With guard pages there is no check at all: the sum stays inside the memory's 8 GiB slot,
    /// and any byte past its length faults into a trap (GuardPageFaults). The base is then
    /// <see cref="LinearMemory.BiasedBase"/> and the bias goes back into the offset.
    /// </summary>
    private void EmitPointer(ulong offset)
    {
        _il.Emit(OpCodes.Conv_U);
        _il.Emit(OpCodes.Ldloc, _memoryBase!);
        _il.Emit(OpCodes.Add);
        if (_emission.GuardPages)
        {
            offset += GuardedAddressSpace.AddressBias;
        }

        if (offset != 0)
        {
            _il.Emit(OpCodes.Ldc_I8, (long)offset);
            _il.Emit(OpCodes.Conv_U);
            _il.Emit(OpCodes.Add);
        }
    }
}
