using System.Reflection.Emit;
using Wisp.Instructions;

namespace Wisp.Compilation;

// Loop versioning (BoundsCheckPlan.VersionedLoops): a loop whose checks can be decided at entry is
// compiled twice. A test at entry bounds the iterations and every address the proven accesses can
// reach; when all are in bounds the first copy runs, without those checks; otherwise the second, the
// loop as planned, which traps where the spec says. The instructions are read twice: the reader goes
// back to the loop's start after the first copy's end.
internal sealed partial class FunctionCompiler
{
    /// <summary>The versioned loop being compiled, and which copy.</summary>
    private sealed class LoopVersioning(VersionedLoop loop, int offset, int height, Label slow, Label join, UnreachableCode unreachable)
    {
        public VersionedLoop Loop { get; } = loop;

        public int Offset { get; } = offset;

        /// <summary>The operand stack's height at entry (versioned loops take no parameters).</summary>
        public int Height { get; } = height;

        public Label Slow { get; } = slow;

        public Label Join { get; } = join;

        public UnreachableCode Unreachable { get; } = unreachable;

        /// <summary>The number of control frames with the loop's own open; fewer means it has ended.</summary>
        public int Depth { get; set; }

        public bool Unchecked { get; set; } = true;
    }

    private LoopVersioning? _versioning;

    /// <summary>Whether <paramref name="access"/> is in the unchecked copy of a versioned loop and proven in bounds there.</summary>
    private bool ProvenByLoopEntry(in Instruction access) =>
        _versioning is { Unchecked: true } versioning && versioning.Loop.ProvenAccesses.Contains(access.Offset);

    /// <summary>Before a reachable <c>loop</c>: the entry test, if the plan versions this loop.</summary>
    private void BeginLoopVersions(in Instruction loop)
    {
        if (_versioning is not null || _boundsChecks?.VersionedLoops is not { } loops ||
            !loops.TryGetValue(loop.Offset, out var versioned) || BlockSignature(loop.Block).Parameters.Length > 0)
        {
            return;
        }

        var versioning = new LoopVersioning(versioned, loop.Offset, _stack.Count, _il.DefineLabel(), _il.DefineLabel(), _unreachable);
        EmitLoopEntryTest(versioned, versioning.Slow);
        versioning.Depth = _frames.Count + 1;
        _versioning = versioning;
    }

    /// <summary>
    /// After each instruction: when a versioned loop's copy has ended, the unchecked copy jumps over the
    /// checked one, and the reader goes back to compile the checked copy; after that, both join.
    /// </summary>
    private InstructionReader EndLoopVersion(InstructionReader reader)
    {
        if (_versioning is not { } versioning || _frames.Count >= versioning.Depth)
        {
            return reader;
        }

        if (!versioning.Unchecked)
        {
            _il.MarkLabel(versioning.Join);
            _versioning = null;
            return reader;
        }

        if (!Current.Unreachable)
        {
            _il.Emit(OpCodes.Br, versioning.Join);
        }

        // Back to the state at the loop's start, which was reachable.
        Truncate(versioning.Height);
        Current.Unreachable = false;
        _unreachable = versioning.Unreachable;
        _il.MarkLabel(versioning.Slow);
        versioning.Unchecked = false;
        var start = versioning.Offset - _body.CodeOffset;
        return new InstructionReader(_body.Code.Span[start..], versioning.Offset);
    }

    /// <summary>
    /// Branches to <paramref name="slow"/> unless every proven access stays in bounds in every
    /// iteration the loop can run, computed in 64 bits from the locals' values now.
    /// </summary>
    private void EmitLoopEntryTest(VersionedLoop loop, Label slow)
    {
        var lastIteration = _scratch.Rent(typeof(long));
        EmitLastIteration(loop, lastIteration, slow);

        // A term that changes never wraps: its value stays in [0, 2^32) in every iteration.
        var tested = new HashSet<AddressTerm>();
        foreach (var group in loop.Groups)
        {
            foreach (var term in group.Terms)
            {
                if (term.Step != 0 && tested.Add(term))
                {
                    EmitZeroExtendedTerm(term);
                    EmitScaled(lastIteration, term.Step);
                    _il.Emit(OpCodes.Add);
                    _il.Emit(OpCodes.Ldc_I8, term.Step > 0 ? (long)uint.MaxValue : 0L);
                    _il.Emit(term.Step > 0 ? OpCodes.Bgt : OpCodes.Blt, slow);
                }
            }
        }

        foreach (var group in loop.Groups)
        {
            long rising = 0, falling = 0;
            foreach (var term in group.Terms)
            {
                if (term.Step > 0) rising += term.Step;
                else falling += term.Step;
            }

            if (group.MinDelta < 0 || falling < 0)
            {
                // The lowest address: Σ terms + falling steps × iterations + the smallest delta ≥ 0.
                EmitGroupSum(group, lastIteration, falling, group.MinDelta);
                _il.Emit(OpCodes.Ldc_I8, 0L);
                _il.Emit(OpCodes.Blt, slow);
            }

            // The highest end: Σ terms + rising steps × iterations + the largest delta + end ≤ length.
            EmitGroupSum(group, lastIteration, rising, group.MaxEnd);
            _il.Emit(OpCodes.Ldloc, _memoryLength!);
            _il.Emit(OpCodes.Bgt, slow);
        }

        _scratch.Return(lastIteration);
    }

    /// <summary>Stack: → Σ zext(terms) + <paramref name="step"/> × last iteration + <paramref name="constant"/> (i64).</summary>
    private void EmitGroupSum(AddressGroup group, LocalBuilder lastIteration, long step, long constant)
    {
        _il.Emit(OpCodes.Ldc_I8, constant);
        foreach (var term in group.Terms)
        {
            EmitZeroExtendedTerm(term);
            _il.Emit(OpCodes.Add);
        }

        if (step != 0)
        {
            EmitScaled(lastIteration, step);
            _il.Emit(OpCodes.Add);
        }
    }

    /// <summary>Stack: → <paramref name="lastIteration"/> × <paramref name="step"/> (i64).</summary>
    private void EmitScaled(LocalBuilder lastIteration, long step)
    {
        _il.Emit(OpCodes.Ldloc, lastIteration);
        _il.Emit(OpCodes.Ldc_I8, step);
        _il.Emit(OpCodes.Mul);
    }

    /// <summary>Stack: → zext(the term's value at entry) (i64), without touching the operand-stack model.</summary>
    private void EmitZeroExtendedTerm(AddressTerm term)
    {
        EmitLocalPlus(term.Local, term.Delta);
        _il.Emit(OpCodes.Conv_U8);
    }

    /// <summary>Stack: → the 32-bit value <paramref name="local"/> + <paramref name="delta"/>, or the constant when there is no local.</summary>
    private void EmitLocalPlus(int? local, int delta)
    {
        if (local is not { } index)
        {
            _il.Emit(OpCodes.Ldc_I4, delta);
            return;
        }

        EmitLoadLocal(index);
        if (delta != 0)
        {
            _il.Emit(OpCodes.Ldc_I4, delta);
            _il.Emit(OpCodes.Add);
        }
    }

    /// <summary>
    /// Stores in <paramref name="lastIteration"/> the index of the last iteration the loop can start
    /// (0 for one), or branches to <paramref name="slow"/> when the counter could wrap before the test
    /// fails. The counter's k-th value at the test is A + k × step, A being its value at the first test.
    /// </summary>
    private void EmitLastIteration(VersionedLoop loop, LocalBuilder lastIteration, Label slow)
    {
        var step = (long)loop.Step;
        var magnitude = Math.Abs(step);
        var shift = loop.StepShift;
        if (loop.Relation == TripRelation.NotEqual)
        {
            // The first k with A + k × step ≡ B (mod 2^32): k = ((B - A) mod 2^32) / step, if it divides.
            if (step > 0)
            {
                EmitLocalPlus(loop.BoundLocal, loop.BoundDelta);
                EmitLocalPlus(loop.Counter, loop.CounterDelta);
            }
            else
            {
                EmitLocalPlus(loop.Counter, loop.CounterDelta);
                EmitLocalPlus(loop.BoundLocal, loop.BoundDelta);
            }

            _il.Emit(OpCodes.Sub);
            _il.Emit(OpCodes.Conv_U8);
            _il.Emit(OpCodes.Stloc, lastIteration);
            if (magnitude > 1)
            {
                // Otherwise the counter steps over the bound and wraps around.
                _il.Emit(OpCodes.Ldloc, lastIteration);
                _il.Emit(OpCodes.Ldc_I8, magnitude - 1);
                _il.Emit(OpCodes.And);
                _il.Emit(OpCodes.Brtrue, slow);
                _il.Emit(OpCodes.Ldloc, lastIteration);
                _il.Emit(OpCodes.Ldc_I4, shift);
                _il.Emit(OpCodes.Shr_Un);
                _il.Emit(OpCodes.Stloc, lastIteration);
            }

            return;
        }

        var signed = loop.Relation is TripRelation.LessSigned or TripRelation.GreaterSigned;
        var counter = _scratch.Rent(typeof(long));
        var bound = _scratch.Rent(typeof(long));
        EmitLocalPlus(loop.Counter, loop.CounterDelta);
        _il.Emit(signed ? OpCodes.Conv_I8 : OpCodes.Conv_U8);
        _il.Emit(OpCodes.Stloc, counter);
        EmitLocalPlus(loop.BoundLocal, loop.BoundDelta);
        _il.Emit(signed ? OpCodes.Conv_I8 : OpCodes.Conv_U8);
        if (loop.BoundAdjust != 0)
        {
            // ≤ b is < b + 1, ≥ b is > b - 1, in 64 bits (b + 1 past the maximum fails the wrap test below).
            _il.Emit(OpCodes.Ldc_I8, (long)loop.BoundAdjust);
            _il.Emit(OpCodes.Add);
        }

        _il.Emit(OpCodes.Stloc, bound);
        var counting = _il.DefineLabel();
        var done = _il.DefineLabel();
        var rising = loop.Relation is TripRelation.LessSigned or TripRelation.LessUnsigned;

        // Already past the bound at the first test: one iteration.
        _il.Emit(OpCodes.Ldloc, counter);
        _il.Emit(OpCodes.Ldloc, bound);
        _il.Emit(rising ? OpCodes.Blt : OpCodes.Bgt, counting);
        _il.Emit(OpCodes.Ldc_I8, 0L);
        _il.Emit(OpCodes.Stloc, lastIteration);
        _il.Emit(OpCodes.Br, done);

        _il.MarkLabel(counting);

        // The value that fails the test, below bound + step, must not wrap: bound ≤ max - step + 1.
        _il.Emit(OpCodes.Ldloc, bound);
        if (rising)
        {
            var max = signed ? int.MaxValue : (long)uint.MaxValue;
            _il.Emit(OpCodes.Ldc_I8, max - magnitude + 1);
            _il.Emit(OpCodes.Bgt, slow);
        }
        else
        {
            var min = signed ? int.MinValue : 0L;
            _il.Emit(OpCodes.Ldc_I8, min + magnitude - 1);
            _il.Emit(OpCodes.Blt, slow);
        }

        // ceil(|bound - A| / step)
        _il.Emit(OpCodes.Ldloc, rising ? bound : counter);
        _il.Emit(OpCodes.Ldloc, rising ? counter : bound);
        _il.Emit(OpCodes.Sub);
        if (magnitude > 1)
        {
            _il.Emit(OpCodes.Ldc_I8, magnitude - 1);
            _il.Emit(OpCodes.Add);
            _il.Emit(OpCodes.Ldc_I4, shift);
            _il.Emit(OpCodes.Shr);
        }

        _il.Emit(OpCodes.Stloc, lastIteration);
        _il.MarkLabel(done);
        _scratch.Return(counter);
        _scratch.Return(bound);
    }
}
