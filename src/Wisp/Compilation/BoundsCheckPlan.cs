using Wisp.Instructions;

namespace Wisp.Compilation;

/// <summary>
/// Which explicit bounds checks of one function can be dropped or widened, decided in a pass over the
/// body before it is compiled. An access's address is tracked when it is a local's value plus a
/// constant (<c>local.get L</c>, <c>local.tee L</c>, <c>i32.add</c>/<c>i32.sub</c> of a constant, or a local
/// that was set to such a value) or a constant. Three rules:
/// <list type="bullet">
/// <item><b>Covered.</b> Once a check has passed for address <c>v + d1</c> up to end <c>E1</c> (offset +
/// width), an access through <c>v + d2</c> ending at <c>E2</c> is in bounds when <c>d1 ≤ d2</c> and
/// <c>d2 - d1 + E2 ≤ E1</c>: its bytes lie inside the checked ones, and memory never shrinks. Facts are
/// about values, which never change, so they hold wherever the check dominates: they are dropped at the
/// end of the block (or branch of an if) that established them, and a local written inside a loop or
/// block gets a new identity where control flow merges.</item>
/// <item><b>Widened.</b> The first check through <c>v</c> in a window of straight-line code in which
/// nothing observable happens (no store, call, global write, branch, or instruction that traps with
/// another reason) also checks the later accesses through <c>v</c> in that window, which then need
/// none. Trapping early is not observable there: only loads, which change nothing, or the store that
/// ends the window, would have run before the same out-of-bounds trap.</item>
/// <item><b>Below the minimum.</b> A constant address whose bytes lie below the memory's minimum size
/// needs no check.</item>
/// </list>
/// In matmul's inner loop <c>c[j] += a * b[j]</c> the store through <c>c + j</c> is covered by the load's
/// check; in nbody's one check covers every field of a body read and written in the loop.
/// </summary>
internal sealed partial class BoundsCheckPlan
{
    private readonly Dictionary<int, ulong>? _ends;

    private BoundsCheckPlan(Dictionary<int, ulong>? ends, Dictionary<int, VersionedLoop>? loops)
    {
        _ends = ends;
        VersionedLoops = loops;
    }

    /// <summary>Innermost loops (by the offset of their <c>loop</c>) compiled twice, with and without some checks.</summary>
    public IReadOnlyDictionary<int, VersionedLoop>? VersionedLoops { get; }

    /// <summary>The end (address + this value) to check before <paramref name="access"/>, or 0 if it needs no check.</summary>
    public ulong CheckEnd(in Instruction access) =>
        _ends is not null && _ends.TryGetValue(access.Offset, out var end) ? end : OwnEnd(access);

    /// <summary>The end of the bytes <paramref name="access"/> touches, relative to its dynamic address.</summary>
    public static ulong OwnEnd(in Instruction access) => access.Value + (ulong)access.Info.AccessWidth;

    /// <summary>
    /// Plans the checks of a validated body. <paramref name="isChecked"/> says which accesses check
    /// explicitly (with guard pages most do not, and those establish nothing);
    /// <paramref name="minimumLength"/> is the memory's minimum size in bytes. Without
    /// <paramref name="versionLoops"/> no loop is compiled twice (the guard-page probes' plan).
    /// <paramref name="touchesEveryByte"/> says which unchecked accesses are sure to touch all their
    /// bytes when they run (the probes' plan: stores, and loads the JIT can neither drop nor narrow):
    /// those establish facts as checks do, and a store through <c>v</c> that ends a window stands in for
    /// the window's check through <c>v</c> when its bytes include all that check would have checked.
    /// </summary>
    public static BoundsCheckPlan Create(
        ReadOnlySpan<byte> code, int codeOffset, ulong minimumLength, Func<Instruction, bool> isChecked,
        bool versionLoops = true, Func<Instruction, bool>? touchesEveryByte = null)
    {
        var planner = new Planner(LocalsWrittenInLoops(code, codeOffset), minimumLength, isChecked, touchesEveryByte);
        var reader = new InstructionReader(code, codeOffset);
        while (!reader.AtEnd)
        {
            planner.Visit(reader.Read());
        }

        return new BoundsCheckPlan(planner.Ends, versionLoops ? planner.Loops : null);
    }

    /// <summary>For each loop (by offset), the locals written anywhere inside it.</summary>
    private static Dictionary<int, HashSet<int>> LocalsWrittenInLoops(ReadOnlySpan<byte> code, int codeOffset)
    {
        var loops = new Dictionary<int, HashSet<int>>();
        var open = new List<(int Offset, HashSet<int>? Written)>();
        var reader = new InstructionReader(code, codeOffset);
        while (!reader.AtEnd)
        {
            var instruction = reader.Read();
            switch (instruction.Opcode)
            {
                case Opcode.Block or Opcode.If:
                    open.Add((instruction.Offset, null));
                    break;
                case Opcode.Loop:
                    open.Add((instruction.Offset, []));
                    break;
                case Opcode.End when open.Count > 0:
                    var (offset, written) = open[^1];
                    open.RemoveAt(open.Count - 1);
                    if (written is not null) loops[offset] = written;
                    break;
                case Opcode.LocalSet or Opcode.LocalTee:
                    foreach (var (_, w) in open) w?.Add((int)instruction.Index);
                    break;
            }
        }

        return loops;
    }

    /// <summary>
    /// What the planner knows about an operand: the value of a local (as it was at one
    /// <see cref="Version"/>), or the sum of two (<see cref="Local2"/> at <see cref="Version2"/>), plus
    /// <see cref="Delta"/> (wrapping, as i32 arithmetic does); a constant (Local = <see cref="Constant"/>,
    /// the value in Delta); the result of an i32 comparison (Local = <see cref="Comparison"/>, Version
    /// indexes the planner's comparisons), which only loop versioning looks at; or nothing
    /// (Local = <see cref="Unknown"/>).
    /// </summary>
    private readonly record struct Operand(int Local, int Version, int Delta, int Local2 = Operand.Unknown, int Version2 = 0)
    {
        public const int Unknown = -1;
        public const int Constant = -2;
        public const int Comparison = -3;

        public static Operand None => new(Unknown, 0, 0);

        /// <summary>Whether the operand is a known address: locals plus a constant, or a constant.</summary>
        public bool IsTracked => Local != Unknown && Local != Comparison;

        public bool IsSingleLocal => Local >= 0 && Local2 == Unknown;

        public bool IsComparison => Local == Comparison;

        public (int Local, int Version, int Local2, int Version2) Value => (Local, Version, Local2, Version2);
    }

    /// <summary>A passed check: bytes [v + Delta, v + Delta + End) are in bounds.</summary>
    private readonly record struct Fact(int Delta, ulong End);

    private readonly record struct Alias(int Version, Operand Value);

    private enum FrameKind : byte { Block, Loop, If }

    private sealed class Frame(FrameKind kind, int undoMark)
    {
        public FrameKind Kind { get; } = kind;

        public int UndoMark { get; } = undoMark;

        public HashSet<int>? Written { get; set; }

        /// <summary>For a loop: what versioning needs to know about it, until it proves not innermost or not countable.</summary>
        public LoopScan? Scan { get; set; }
    }

    private sealed partial class Planner(
        Dictionary<int, HashSet<int>> loopWrites, ulong minimumLength, Func<Instruction, bool> isChecked, Func<Instruction, bool>? touchesEveryByte)
    {
        // The top of the operand stack as far as it is known. An instruction whose stack effect is not
        // fixed empties it; popping past its bottom yields Unknown.
        private readonly List<Operand> _stack = [];
        private readonly Dictionary<int, int> _versions = [];
        private readonly Dictionary<(int, int, int, int), Fact> _facts = [];
        private readonly Dictionary<int, Alias> _aliases = [];
        private readonly List<(bool IsAlias, (int, int, int, int) Key, bool Existed, Fact Fact, Alias Alias)> _undo = [];
        private readonly List<Frame> _frames = [new Frame(FrameKind.Block, 0)];
        private readonly Dictionary<(int, int, int, int), (int Offset, int Delta)> _windowLeaders = [];
        private int _nextVersion = 1;

        // Code after br, br_table, return or unreachable never runs: skipped up to its frame's else or
        // end, and its checks establish nothing.
        private bool _dead;
        private UnreachableCode _unreachable;

        public Dictionary<int, ulong>? Ends { get; private set; }

        public void Visit(in Instruction instruction)
        {
            var op = instruction.Opcode;
            _offset = instruction.Offset;
            if (_dead)
            {
                SkipDead(op);
                return;
            }

            VisitLive(instruction);
            _previousLiveOffset = instruction.Offset;
        }

        private void VisitLive(in Instruction instruction)
        {
            var op = instruction.Opcode;
            var info = instruction.Info;
            switch (info.Immediate)
            {
                case ImmediateKind.MemArg or ImmediateKind.MemArgLane:
                    VisitAccess(instruction);
                    return;
                case ImmediateKind.Local:
                    VisitLocal(instruction);
                    return;
                case ImmediateKind.I32:
                    Push(new Operand(Operand.Constant, 0, instruction.I32));
                    return;
                case ImmediateKind.I64 or ImmediateKind.F32 or ImmediateKind.F64 or ImmediateKind.V128:
                    Push(Operand.None);
                    return;
                case ImmediateKind.Global when op == Opcode.GlobalGet:
                    Push(Operand.None);
                    return;
                case ImmediateKind.Memory when op == Opcode.MemorySize:
                    Push(Operand.None);
                    return;
                case ImmediateKind.None when op is Opcode.I32Add or Opcode.I32Sub:
                    VisitAddOrSubtract(op == Opcode.I32Sub);
                    return;
                case ImmediateKind.None when IsI32Comparison(op):
                    VisitComparison(op);
                    return;
                case ImmediateKind.None or ImmediateKind.Lane or ImmediateKind.Shuffle
                    when info.Signature is { } signature && !Traps(op):
                    PopMany(signature.Pops.Length);
                    for (var i = 0; i < signature.Pushes.Length; i++) Push(Operand.None);
                    return;
            }

            switch (op)
            {
                case Opcode.Nop:
                    return;
                case Opcode.Drop:
                    PopMany(1);
                    return;
                case Opcode.Select or Opcode.SelectTyped:
                    PopMany(3);
                    Push(Operand.None);
                    return;
                case Opcode.Block:
                    Observable();
                    Enter(FrameKind.Block);
                    return;
                case Opcode.If:
                    Observable();
                    Enter(FrameKind.If);
                    return;
                case Opcode.Loop:
                    Observable();
                    EnterLoop(instruction.Offset);
                    return;
                case Opcode.BrIf:
                    // What follows is dominated by what came before: facts stay, windows close.
                    ScanBranch(instruction);
                    Observable();
                    return;
                case Opcode.Else:
                    Else();
                    return;
                case Opcode.End:
                    End();
                    return;
                case Opcode.Br or Opcode.BrTable or Opcode.Return or Opcode.Unreachable:
                    ScanBranch(instruction);
                    Observable();
                    _dead = true;
                    _unreachable.Enter();
                    return;
                default:
                    // Calls, global and table writes, memory.grow/fill/copy/init, traps with another reason.
                    Observable();
                    return;
            }
        }

        private void SkipDead(Opcode op)
        {
            if (!_unreachable.Ends(op))
            {
                return;
            }

            _dead = false;
            if (op == Opcode.Else)
            {
                Else();
            }
            else
            {
                End();
            }
        }

        private void Enter(FrameKind kind) => _frames.Add(new Frame(kind, _undo.Count));

        /// <summary>
        /// A loop header is also reached from the loop's back edges: locals written in the loop get a new
        /// identity (and lose their aliases), while facts about values stay true.
        /// </summary>
        private void EnterLoop(int offset)
        {
            Enter(FrameKind.Loop);
            Dictionary<int, int>? constants = null;
            if (loopWrites.TryGetValue(offset, out var written))
            {
                foreach (var local in written)
                {
                    if (Read(local) is { Local: Operand.Constant } constant)
                    {
                        (constants ??= [])[local] = constant.Delta;
                    }

                    Renew(local);
                }
            }

            StartLoopScan(offset, constants);
        }

        /// <summary>The else branch starts from the state before the if.</summary>
        private void Else()
        {
            Observable();
            var frame = _frames[^1];
            Undo(frame.UndoMark);
            RenewWritten(frame);
        }

        /// <summary>
        /// A block's or if's end is reached from its branches too: only what held at its start still
        /// holds, and locals written inside get a new identity. A loop's end is reached by falling
        /// through its body only, so what holds there holds after it.
        /// </summary>
        private void End()
        {
            Observable();
            var frame = _frames[^1];
            if (frame.Scan is { } scan)
            {
                FinishLoopScan(scan);
            }

            _frames.RemoveAt(_frames.Count - 1);
            if (frame.Kind != FrameKind.Loop)
            {
                Undo(frame.UndoMark);
                RenewWritten(frame);
            }

            if (frame.Written is { } written && _frames.Count > 0)
            {
                var parent = _frames[^1];
                parent.Written ??= [];
                parent.Written.UnionWith(written);
            }
        }

        private void RenewWritten(Frame frame)
        {
            if (frame.Written is null) return;
            foreach (var local in frame.Written) Renew(local);
        }

        private void VisitAccess(in Instruction access)
        {
            var signature = access.Info.Signature!;
            var isStore = signature.Pushes.Length == 0;
            var address = Peek(signature.Pops.Length - 1);
            PopMany(signature.Pops.Length);
            if (!isStore)
            {
                Push(Operand.None);
            }

            if (isChecked(access))
            {
                PlanCheck(access, address);
                ScanAccess(access, address);
            }
            else if (touchesEveryByte is not null && address.IsTracked && touchesEveryByte(access))
            {
                Touch(access, address, isStore);
            }

            if (isStore)
            {
                Observable();
            }
        }

        private void PlanCheck(in Instruction access, Operand address)
        {
            var end = OwnEnd(access);
            if (!address.IsTracked)
            {
                return;
            }

            if (address.Local == Operand.Constant && (uint)address.Delta + end <= minimumLength)
            {
                Plan(access.Offset, 0);
                return;
            }

            var key = address.Value;
            if (_facts.TryGetValue(key, out var fact) && Covers(fact.Delta, fact.End, address.Delta, end))
            {
                Plan(access.Offset, 0);
            }
            else if (_windowLeaders.TryGetValue(key, out var leader) && address.Delta >= leader.Delta)
            {
                // A leader is always planned (below), so its current end is in Ends.
                var widened = Math.Max(Ends![leader.Offset], (ulong)((long)address.Delta - leader.Delta) + end);
                Plan(leader.Offset, widened);
                SetFact(key, new Fact(leader.Delta, widened));
                Plan(access.Offset, 0);
            }
            else
            {
                Plan(access.Offset, end);
                SetFact(key, new Fact(address.Delta, end));
                _windowLeaders[key] = (access.Offset, address.Delta);
            }
        }

        /// <summary>
        /// An unchecked access that reads or writes every one of its bytes: once it has run they are in
        /// bounds. A store also ends its window, so if it would trap on every byte the window's check
        /// through the same value would have checked, that check is not needed: nothing observable
        /// happens between the two, and the trap comes from the store (with the same reason).
        /// </summary>
        private void Touch(in Instruction access, Operand address, bool isStore)
        {
            var key = address.Value;
            var end = OwnEnd(access);
            if (isStore && _windowLeaders.TryGetValue(key, out var leader) && Covers(address.Delta, end, leader.Delta, Ends![leader.Offset]))
            {
                Plan(leader.Offset, 0);
            }

            if (!_facts.TryGetValue(key, out var fact) || !Covers(fact.Delta, fact.End, address.Delta, end))
            {
                SetFact(key, new Fact(address.Delta, end));
            }
        }

        /// <summary>Whether bytes [d2, d2 + end2) lie inside the checked [d1, d1 + end1) of the same value.</summary>
        private static bool Covers(int d1, ulong end1, int d2, ulong end2) =>
            d2 >= d1 && (ulong)((long)d2 - d1) + end2 <= end1;

        private void VisitLocal(in Instruction instruction)
        {
            var local = (int)instruction.Index;
            switch (instruction.Opcode)
            {
                case Opcode.LocalGet:
                    Push(Read(local));
                    break;
                case Opcode.LocalSet:
                    Write(local, Peek(0));
                    PopMany(1);
                    break;
                default:
                    // local.tee: the local now holds the operand, which stays on the stack.
                    var value = Peek(0);
                    PopMany(1);
                    Write(local, value);
                    Push(Read(local));
                    break;
            }
        }

        private Operand Read(int local)
        {
            var version = Version(local);
            return _aliases.TryGetValue(local, out var alias) && alias.Version == version
                ? alias.Value
                : new Operand(local, version, 0);
        }

        private void Write(int local, Operand value)
        {
            ScanWrite(local, value);
            Renew(local);
            _frames[^1].Written ??= [];
            _frames[^1].Written!.Add(local);
            if (value.IsTracked || value.IsComparison)
            {
                SetAlias(local, new Alias(Version(local), value));
            }
        }

        /// <summary>Gives <paramref name="local"/> a version no operand seen so far carries.</summary>
        private void Renew(int local) => _versions[local] = _nextVersion++;

        private int Version(int local) => _versions.TryGetValue(local, out var version) ? version : 0;

        private void VisitAddOrSubtract(bool subtract)
        {
            var right = Peek(0);
            var left = Peek(1);
            PopMany(2);
            if (right.Local == Operand.Constant && left.IsTracked)
            {
                Push(left with { Delta = subtract ? left.Delta - right.Delta : left.Delta + right.Delta });
            }
            else if (!subtract && left.Local == Operand.Constant && right.IsTracked)
            {
                Push(right with { Delta = right.Delta + left.Delta });
            }
            else if (!subtract && left.IsSingleLocal && right.IsSingleLocal)
            {
                // The sum of two values is a value too; ordered, so that a + b and b + a are one.
                var (first, second) = (left.Local, left.Version).CompareTo((right.Local, right.Version)) <= 0 ? (left, right) : (right, left);
                Push(new Operand(first.Local, first.Version, first.Delta + second.Delta, second.Local, second.Version));
            }
            else
            {
                Push(Operand.None);
            }
        }

        private void SetFact((int, int, int, int) key, Fact fact)
        {
            var existed = _facts.TryGetValue(key, out var old);
            _undo.Add((false, key, existed, old, default));
            _facts[key] = fact;
        }

        private void SetAlias(int local, Alias alias)
        {
            var existed = _aliases.TryGetValue(local, out var old);
            _undo.Add((true, (local, 0, 0, 0), existed, default, old));
            _aliases[local] = alias;
        }

        private void Undo(int mark)
        {
            for (var i = _undo.Count - 1; i >= mark; i--)
            {
                var (isAlias, key, existed, fact, alias) = _undo[i];
                if (isAlias)
                {
                    if (existed) _aliases[key.Item1] = alias;
                    else _aliases.Remove(key.Item1);
                }
                else if (existed)
                {
                    _facts[key] = fact;
                }
                else
                {
                    _facts.Remove(key);
                }
            }

            _undo.RemoveRange(mark, _undo.Count - mark);
        }

        private void Plan(int offset, ulong end) => (Ends ??= [])[offset] = end;

        /// <summary>Something a trap must not overtake (or the operand stack is no longer known): windows close, facts stay.</summary>
        private void Observable()
        {
            _windowLeaders.Clear();
            _stack.Clear();
        }

        private void Push(Operand value) => _stack.Add(value);

        private Operand Peek(int depth) => depth < _stack.Count ? _stack[_stack.Count - 1 - depth] : Operand.None;

        private void PopMany(int count)
        {
            var keep = Math.Max(0, _stack.Count - count);
            _stack.RemoveRange(keep, _stack.Count - keep);
        }

        /// <summary>Fixed-signature numeric instructions that can trap (with a reason other than memory bounds).</summary>
        private static bool Traps(Opcode op) => op is
            Opcode.I32DivS or Opcode.I32DivU or Opcode.I32RemS or Opcode.I32RemU or
            Opcode.I64DivS or Opcode.I64DivU or Opcode.I64RemS or Opcode.I64RemU or
            Opcode.I32TruncF32S or Opcode.I32TruncF32U or Opcode.I32TruncF64S or Opcode.I32TruncF64U or
            Opcode.I64TruncF32S or Opcode.I64TruncF32U or Opcode.I64TruncF64S or Opcode.I64TruncF64U;
    }
}
