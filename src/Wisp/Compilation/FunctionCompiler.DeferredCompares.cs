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
    private sealed record DeferredCompare(uint Local, Instruction Compare, ValType OperandType, LocalBuilder First, LocalBuilder? Second);

    private readonly List<DeferredCompare> _deferredCompares = [];
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
        var second = operands == 2 ? _scratch.Rent(ClrTypes.Of(type)) : null;
        if (second is not null)
        {
            _il.Emit(OpCodes.Stloc, second);
        }

        var first = _scratch.Rent(ClrTypes.Of(type));
        _il.Emit(OpCodes.Stloc, first);
        PopMany(operands);
        ForgetDeferredCompare(next.Index);
        _deferredCompares.Add(new DeferredCompare(next.Index, compare, type, first, second));
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

            EmitNumeric(deferred.Compare);
            return true;
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
