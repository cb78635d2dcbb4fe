using System.Reflection.Emit;
using Wisp.Instructions;
using Wisp.Model;

namespace Wisp.Compilation;

// Compares whose result is stored only to be read in the same basic block (BlockLocalCompareResults)
// are not computed where they stand: their operands are kept in IL temporaries and each local.get of
// the local recomputes the compare. The JIT then sees (a < b) feeding the br_if and emits one fused
// cmp/jcc; stored into the local, the flag was materialised with setcc/movzx and tested again (RyuJIT
// reuses a stored compare's value rather than recompute it). The local itself is never written: its
// value is dead at the end of the block, and every read inside the block is a recompute.
// DeferredCompare is a class: a List of a Wisp struct is generic framework code that ReadyToRun
// cannot precompile, jitted at start-up.
internal sealed partial class FunctionCompiler
{
    /// <summary>
    /// A compare kept for later: its operands in IL temporaries, except a second operand that is a Wasm
    /// local's value (<see cref="SecondLocal"/>, or -1) which nothing writes before the block ends.
    /// </summary>
    private sealed record DeferredCompare(uint Local, Instruction Compare, ValType OperandType, LocalBuilder First, LocalBuilder? Second, int SecondLocal);

    private readonly List<DeferredCompare> _deferredCompares = [];

    // The Wasm local a local.get or local.tee of the current instruction loaded, and the one the
    // previous instruction left on top of the operand stack (-1 for none).
    private int _loadedLocal = -1;
    private int _localOnTop = -1;
    private HashSet<int> _blockLocalCompareResults = [];
    private uint? _absorbedLocalSet;

    /// <summary>
    /// If <paramref name="compare"/> is followed by a <c>local.set</c> whose value dies with the basic
    /// block, keeps its operands instead of emitting it, and swallows that <c>local.set</c>.
    /// </summary>
    /// <param name="following">A reader positioned after <paramref name="compare"/> (a copy; not advanced for the caller).</param>
    private bool TryDeferCompare(in Instruction compare, InstructionReader following)
    {
        if (following.AtEnd)
        {
            return false;
        }

        var next = following.Read();
        if (next.Opcode != Opcode.LocalSet || !_blockLocalCompareResults.Contains(next.Offset))
        {
            return false;
        }

        var operands = compare.Info.Signature!.Pops.Length;
        var type = _stack[^1];

        // A second operand just read from a local that stays as it is until the block ends is read from
        // it again at each recompute: a copy in a temporary would be one more value live across the
        // block, which RyuJIT's register allocator pays for with moves in tight loops (fannkuch's flip).
        // (The lookahead starts at the swallowed local.set, so a compare stored into its own operand's
        // local keeps a copy.)
        var secondLocal = operands == 2 && _localOnTop >= 0 && !WrittenBeforeBlockEnds((uint)_localOnTop, following) ? _localOnTop : -1;
        var second = operands == 2 && secondLocal < 0 ? _scratch.Rent(ClrTypes.Of(type)) : null;
        if (second is not null)
        {
            _il.Emit(OpCodes.Stloc, second);
        }
        else if (secondLocal >= 0)
        {
            _il.Emit(OpCodes.Pop);
        }

        var first = _scratch.Rent(ClrTypes.Of(type));
        _il.Emit(OpCodes.Stloc, first);
        PopMany(operands);
        ForgetDeferredCompare(next.Index);
        _deferredCompares.Add(new DeferredCompare(next.Index, compare, type, first, second, secondLocal));
        _absorbedLocalSet = next.Index;
        return true;
    }

    /// <summary>For <c>local.get</c>: recomputes a deferred compare of <paramref name="local"/>, if there is one.</summary>
    private bool TryEmitDeferredCompare(uint local)
    {
        foreach (var deferred in _deferredCompares)
        {
            if (deferred.Local != local) continue;
            _il.Emit(OpCodes.Ldloc, deferred.First);
            Push(deferred.OperandType);
            if (deferred.Second is not null)
            {
                _il.Emit(OpCodes.Ldloc, deferred.Second);
                Push(deferred.OperandType);
            }
            else if (deferred.SecondLocal >= 0)
            {
                EmitLoadLocal(deferred.SecondLocal);
                Push(deferred.OperandType);
            }

            EmitNumeric(deferred.Compare);
            return true;
        }

        return false;
    }

    /// <summary>Whether <paramref name="local"/> is written between <paramref name="reader"/>'s position and the end of the basic block.</summary>
    private static bool WrittenBeforeBlockEnds(uint local, InstructionReader reader)
    {
        while (!reader.AtEnd)
        {
            var instruction = reader.Read();
            if (BlockLocalCompareResults.StartsBasicBlock(instruction.Opcode))
            {
                return false;
            }

            if (instruction.Opcode is Opcode.LocalSet or Opcode.LocalTee && instruction.Index == local)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>For <c>local.set</c>: whether it is the one a deferred compare swallowed.</summary>
    private bool AbsorbLocalSet(uint local)
    {
        if (_absorbedLocalSet != local) return false;
        _absorbedLocalSet = null;
        return true;
    }

    /// <summary>A write to <paramref name="local"/> replaces the value a deferred compare stood for.</summary>
    private void ForgetDeferredCompare(uint local)
    {
        for (var i = 0; i < _deferredCompares.Count; i++)
        {
            if (_deferredCompares[i].Local != local) continue;
            Release(_deferredCompares[i]);
            _deferredCompares.RemoveAt(i);
            return;
        }
    }

    /// <summary>At a block boundary block-scoped locals are dead, and so are their deferred compares.</summary>
    private void ForgetDeferredCompares()
    {
        foreach (var deferred in _deferredCompares) Release(deferred);
        _deferredCompares.Clear();
    }

    private void Release(DeferredCompare deferred)
    {
        _scratch.Return(deferred.First);
        if (deferred.Second is not null) _scratch.Return(deferred.Second);
    }
}
