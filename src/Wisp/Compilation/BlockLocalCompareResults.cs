using Wisp.Instructions;

namespace Wisp.Compilation;

/// <summary>
/// Finds the <c>local.set</c>s that store a compare's result which is dead at the end of its basic
/// block: every read of it comes later in the same block. LLVM keeps a loop's exit test in a local when
/// the counter changes before the <c>br_if</c>:
/// <code>(local.set $t (i32.lt_u $n 4)) (local.set $n (i32.add $n -2)) (br_if 0 (i32.eqz $t))</code>
/// Such a store need not happen at all: the compiler recomputes the compare at each read instead
/// (<see cref="FunctionCompiler"/>'s deferred compares), and the JIT fuses it with the branch.
/// </summary>
/// <remarks>
/// A backward liveness analysis over the body's basic blocks, for the locals such stores write (up to
/// 64 of them; LLVM reuses a few as temporaries). Basic blocks end at every control instruction;
/// a branch to a loop goes to the block after <c>loop</c>, to anything else to the block after its <c>end</c>.
/// </remarks>
internal static class BlockLocalCompareResults
{
    private const int MaxTracked = 64;

    /// <summary>Code offsets of the <c>local.set</c> instructions whose stored compare result may be left unstored.</summary>
    public static HashSet<int> Find(ReadOnlySpan<byte> code, int codeOffset)
    {
        var found = new HashSet<int>();
        var tracked = TrackedLocals(code, codeOffset);
        if (tracked.Count == 0)
        {
            return found;
        }

        // Basic blocks: what each reads before writing (gen), writes (kill), and where it may go next.
        var gen = new List<ulong> { 0 };
        var kill = new List<ulong> { 0 };
        var successors = new List<List<int>> { new() };
        var writes = new List<(int Offset, int Block, ulong Bit)>();
        var frames = new List<Frame> { new(IsLoop: false, Header: -1) };
        var previous = Opcode.Nop;
        var reader = new InstructionReader(code, codeOffset);
        while (!reader.AtEnd)
        {
            var instruction = reader.Read();
            var current = gen.Count - 1;
            var opcode = instruction.Opcode;
            if (opcode is Opcode.LocalGet or Opcode.LocalSet or Opcode.LocalTee &&
                tracked.TryGetValue(instruction.Index, out var bit))
            {
                if (opcode == Opcode.LocalGet)
                {
                    if ((kill[current] & bit) == 0) gen[current] |= bit;
                }
                else
                {
                    kill[current] |= bit;
                    if (opcode == Opcode.LocalSet && IsCompare(previous)) writes.Add((instruction.Offset, current, bit));
                }
            }

            previous = opcode;
            if (!StartsBasicBlock(opcode))
            {
                continue;
            }

            // The instruction ends block `current`; `next` starts after it.
            var next = current + 1;
            gen.Add(0);
            kill.Add(0);
            successors.Add([]);
            var edges = successors[current];
            switch (opcode)
            {
                case Opcode.Block:
                    edges.Add(next);
                    frames.Add(new Frame(IsLoop: false, Header: -1));
                    break;
                case Opcode.Loop:
                    edges.Add(next);
                    frames.Add(new Frame(IsLoop: true, Header: next));
                    break;
                case Opcode.If:
                    edges.Add(next);
                    frames.Add(new Frame(IsLoop: false, Header: -1) { FalseEdgeFrom = current });
                    break;
                case Opcode.Else:
                    frames[^1].ToEnd.Add(current);
                    successors[frames[^1].FalseEdgeFrom].Add(next);
                    frames[^1].FalseEdgeFrom = -1;
                    break;
                case Opcode.End:
                    var frame = frames[^1];
                    frames.RemoveAt(frames.Count - 1);
                    if (frames.Count == 0)
                    {
                        break; // the function's end: its blocks go nowhere further
                    }

                    edges.Add(next);
                    foreach (var from in frame.ToEnd) successors[from].Add(next);
                    if (frame.FalseEdgeFrom >= 0) successors[frame.FalseEdgeFrom].Add(next);
                    break;
                case Opcode.Br:
                    AddBranch(frames, instruction.Index, current, edges);
                    break;
                case Opcode.BrIf:
                    AddBranch(frames, instruction.Index, current, edges);
                    edges.Add(next);
                    break;
                case Opcode.BrTable:
                    foreach (var label in instruction.Labels!) AddBranch(frames, label, current, edges);
                    AddBranch(frames, instruction.Index, current, edges);
                    break;
            }
        }

        var liveOut = LiveOut(gen, kill, successors);
        for (var i = 0; i < writes.Count; i++)
        {
            var (offset, block, bit) = writes[i];
            var overwrittenInBlock = false;
            for (var j = i + 1; j < writes.Count && writes[j].Block == block; j++)
            {
                overwrittenInBlock |= writes[j].Bit == bit;
            }

            if (overwrittenInBlock || (liveOut[block] & bit) == 0)
            {
                found.Add(offset);
            }
        }

        return found;
    }

    /// <summary>Whether code after <paramref name="opcode"/> may be reached other than from the code before it (or not at all).</summary>
    public static bool StartsBasicBlock(Opcode opcode) => opcode is
        Opcode.Block or Opcode.Loop or Opcode.If or Opcode.Else or Opcode.End or
        Opcode.Br or Opcode.BrIf or Opcode.BrTable or Opcode.Return or Opcode.Unreachable;

    /// <summary>The compares, i32.eqz to f64.ge, are one contiguous opcode range (spec 5.4.7).</summary>
    public static bool IsCompare(Opcode opcode) => opcode is >= Opcode.I32Eqz and <= Opcode.F64Ge;

    /// <summary>The locals written by a <c>local.set</c> right after a compare, each with its bit.</summary>
    private static Dictionary<uint, ulong> TrackedLocals(ReadOnlySpan<byte> code, int codeOffset)
    {
        var tracked = new Dictionary<uint, ulong>();
        var previous = Opcode.Nop;
        var reader = new InstructionReader(code, codeOffset);
        while (!reader.AtEnd)
        {
            var instruction = reader.Read();
            if (instruction.Opcode == Opcode.LocalSet && IsCompare(previous) && tracked.Count < MaxTracked)
            {
                tracked.TryAdd(instruction.Index, 1UL << tracked.Count);
            }

            previous = instruction.Opcode;
        }

        return tracked;
    }

    private static void AddBranch(List<Frame> frames, uint depth, int from, List<int> edges)
    {
        var target = frames[frames.Count - 1 - (int)depth];
        if (target.IsLoop)
        {
            edges.Add(target.Header);
        }
        else
        {
            target.ToEnd.Add(from);
        }
    }

    private static ulong[] LiveOut(List<ulong> gen, List<ulong> kill, List<List<int>> successors)
    {
        var count = gen.Count;
        var liveIn = new ulong[count];
        var liveOut = new ulong[count];
        var changed = true;
        while (changed)
        {
            changed = false;
            for (var b = count - 1; b >= 0; b--)
            {
                var outSet = 0UL;
                foreach (var s in successors[b]) outSet |= liveIn[s];
                var inSet = gen[b] | (outSet & ~kill[b]);
                if (outSet != liveOut[b] || inSet != liveIn[b])
                {
                    liveOut[b] = outSet;
                    liveIn[b] = inSet;
                    changed = true;
                }
            }
        }

        return liveOut;
    }

    /// <summary>A block, loop or if being scanned: where branches to it go.</summary>
    private sealed record Frame(bool IsLoop, int Header)
    {
        /// <summary>Blocks that continue after this frame's <c>end</c> (branches to it, the then-arm's end).</summary>
        public List<int> ToEnd { get; } = [];

        /// <summary>For an <c>if</c> before its <c>else</c>: the block ending with the <c>if</c>, whose false edge is not placed yet.</summary>
        public int FalseEdgeFrom { get; set; } = -1;
    }
}
