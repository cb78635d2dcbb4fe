using System.Numerics;
using Wisp.Instructions;

namespace Wisp.Compilation;

// Loop versioning: which innermost loops can have their checks decided once, at entry. A loop
// qualifies when it has one back edge, at the end of its body; a counter written once per
// iteration (at the top level of the body) by a power-of-two step and compared, in a test every
// iteration runs, with a constant or a loop-invariant local; and checked accesses whose addresses
// are sums of locals that are loop-invariant or written once by a constant step. Then the number of
// iterations is bounded by a formula over the locals' values at entry, and so is every such address.
internal sealed partial class BoundsCheckPlan
{
    /// <summary>Loop bodies above this many bytes are not duplicated.</summary>
    public const int MaxVersionedLoopBytes = 2048;

    /// <summary>Steps (of counters and addresses) above this are not worth the overflow reasoning.</summary>
    private const int MaxStep = 1 << 16;

    /// <summary>
    /// The entry test costs about as much as this many checks (computing the last iteration, then a
    /// compare or two per group): a loop must save more to be versioned.
    /// </summary>
    private const int EntryTestCostInChecks = 8;

    /// <summary>What one loop does, gathered while the planner walks its body.</summary>
    private sealed class LoopScan(
        int offset, int frameIndex, Dictionary<int, int> entryVersions, Dictionary<(int, int), (int Local, int Delta)> holders,
        Dictionary<int, int>? entryConstants)
    {
        public int Offset { get; } = offset;

        /// <summary>The loop's frame, an index into the planner's frames.</summary>
        public int FrameIndex { get; } = frameIndex;

        /// <summary>Each local's version at the loop header (locals written in the loop were renewed).</summary>
        public Dictionary<int, int> EntryVersions { get; } = entryVersions;

        /// <summary>
        /// Values (local, version) that are no local's current value but that a local holds at entry
        /// plus a constant (the planner's aliases): <c>value = Local - Delta</c>.
        /// </summary>
        public Dictionary<(int, int), (int Local, int Delta)> Holders { get; } = holders;

        /// <summary>Locals the loop writes that hold a known constant at entry.</summary>
        public Dictionary<int, int>? EntryConstants { get; } = entryConstants;

        public Dictionary<int, (int Count, Operand Value, bool TopLevel)> Writes { get; } = [];

        /// <summary>Top-level tests each iteration runs: the loop continues while Condition is ContinueWhen.</summary>
        public List<(Operand Condition, bool ContinueWhen)> Tests { get; } = [];

        public List<(int Offset, Operand Address)> Accesses { get; } = [];

        public int BackEdges { get; set; }

        public int LastBackEdgeOffset { get; set; } = -1;

        public bool Disqualified { get; set; }

        public int EntryVersion(int local) => EntryVersions.TryGetValue(local, out var version) ? version : 0;
    }

    private sealed partial class Planner
    {
        private readonly List<(Opcode Op, Operand Left, Operand Right)> _comparisons = [];
        private int _offset;
        private int _previousLiveOffset = -1;

        public Dictionary<int, VersionedLoop>? Loops { get; private set; }

        /// <summary>The innermost open loop, if it is still a candidate.</summary>
        private LoopScan? CurrentLoop => LoopAround(_frames.Count - 1);

        /// <summary>The scan of the innermost loop frame at or below <paramref name="frame"/>, unless it was disqualified.</summary>
        private LoopScan? LoopAround(int frame)
        {
            for (var i = frame; i >= 0; i--)
            {
                if (_frames[i].Kind == FrameKind.Loop)
                {
                    return _frames[i].Scan is { Disqualified: false } scan ? scan : null;
                }
            }

            return null;
        }

        /// <summary>Called with the loop's frame entered and its written locals renewed.</summary>
        private void StartLoopScan(int offset, Dictionary<int, int>? entryConstants)
        {
            // The enclosing loop is not innermost any more.
            if (LoopAround(_frames.Count - 2) is { } outer)
            {
                outer.Disqualified = true;
            }

            var holders = new Dictionary<(int, int), (int, int)>();
            foreach (var (local, alias) in _aliases)
            {
                if (alias.Version == Version(local) && alias.Value.IsSingleLocal)
                {
                    holders.TryAdd((alias.Value.Local, alias.Value.Version), (local, alias.Value.Delta));
                }
            }

            _frames[^1].Scan = new LoopScan(offset, _frames.Count - 1, new Dictionary<int, int>(_versions), holders, entryConstants);
        }

        private void ScanWrite(int local, Operand value)
        {
            if (CurrentLoop is not { } scan)
            {
                return;
            }

            var count = scan.Writes.TryGetValue(local, out var write) ? write.Count : 0;
            scan.Writes[local] = (count + 1, value, _frames.Count - 1 == scan.FrameIndex);
        }

        private void ScanAccess(in Instruction access, Operand address)
        {
            if (CurrentLoop is { } scan && address.IsTracked)
            {
                scan.Accesses.Add((access.Offset, address));
            }
        }

        /// <summary>
        /// Branches decide which loops qualify: the only branch back to a loop must be the last
        /// instruction of its body, and a conditional exit at the top level is a test every iteration runs.
        /// </summary>
        private void ScanBranch(in Instruction branch)
        {
            if (CurrentLoop is not { } scan)
            {
                return;
            }

            var topLevel = _frames.Count - 1 == scan.FrameIndex;
            if (branch.Opcode == Opcode.BrTable)
            {
                foreach (var label in branch.Labels!)
                {
                    if (Target(label) == scan.FrameIndex) scan.Disqualified = true;
                }

                if (Target(branch.Index) == scan.FrameIndex) scan.Disqualified = true;
                return;
            }

            if (branch.Opcode is Opcode.Return or Opcode.Unreachable)
            {
                return;
            }

            var target = Target(branch.Index);
            var isBrIf = branch.Opcode == Opcode.BrIf;
            if (target == scan.FrameIndex)
            {
                if (!topLevel)
                {
                    scan.Disqualified = true;
                    return;
                }

                scan.BackEdges++;
                scan.LastBackEdgeOffset = branch.Offset;
                if (isBrIf) scan.Tests.Add((Peek(0), true));
            }
            else if (target < scan.FrameIndex && isBrIf && topLevel)
            {
                scan.Tests.Add((Peek(0), false));
            }
        }

        private int Target(uint depth) => _frames.Count - 1 - (int)depth;

        private static bool IsI32Comparison(Opcode op) => op is
            Opcode.I32Eqz or Opcode.I32Eq or Opcode.I32Ne or Opcode.I32LtS or Opcode.I32LtU or Opcode.I32GtS or
            Opcode.I32GtU or Opcode.I32LeS or Opcode.I32LeU or Opcode.I32GeS or Opcode.I32GeU;

        private void VisitComparison(Opcode op)
        {
            if (op == Opcode.I32Eqz)
            {
                var operand = Peek(0);
                PopMany(1);
                Push(operand.IsComparison ? Compare(Negated(_comparisons[operand.Version])) :
                    operand.IsTracked ? Compare((Opcode.I32Eq, operand, new Operand(Operand.Constant, 0, 0))) : Operand.None);
                return;
            }

            var right = Peek(0);
            var left = Peek(1);
            PopMany(2);
            Push(left.IsTracked && right.IsTracked ? Compare((op, left, right)) : Operand.None);
        }

        private Operand Compare((Opcode Op, Operand Left, Operand Right) comparison)
        {
            _comparisons.Add(comparison);
            return new Operand(Operand.Comparison, _comparisons.Count - 1, 0);
        }

        private static (Opcode, Operand, Operand) Negated((Opcode Op, Operand Left, Operand Right) c) => (c.Op switch
        {
            Opcode.I32Eq => Opcode.I32Ne,
            Opcode.I32Ne => Opcode.I32Eq,
            Opcode.I32LtS => Opcode.I32GeS,
            Opcode.I32LtU => Opcode.I32GeU,
            Opcode.I32GtS => Opcode.I32LeS,
            Opcode.I32GtU => Opcode.I32LeU,
            Opcode.I32LeS => Opcode.I32GtS,
            Opcode.I32LeU => Opcode.I32GtU,
            Opcode.I32GeS => Opcode.I32LtS,
            _ => Opcode.I32LtU,
        }, c.Left, c.Right);

        /// <summary>The same comparison with its operands swapped: a &lt; b is b &gt; a.</summary>
        private static Opcode Swapped(Opcode op) => op switch
        {
            Opcode.I32LtS => Opcode.I32GtS,
            Opcode.I32LtU => Opcode.I32GtU,
            Opcode.I32GtS => Opcode.I32LtS,
            Opcode.I32GtU => Opcode.I32LtU,
            Opcode.I32LeS => Opcode.I32GeS,
            Opcode.I32LeU => Opcode.I32GeU,
            Opcode.I32GeS => Opcode.I32LeS,
            Opcode.I32GeU => Opcode.I32LeU,
            _ => op,
        };

        /// <summary>At the loop's end: whether it qualifies, and if so which of its checks go.</summary>
        private void FinishLoopScan(LoopScan scan)
        {
            // The back edge must be the body's last live instruction: then an iteration is one pass
            // through the body, and a top-level write or test runs once in each.
            if (scan.Disqualified || scan.BackEdges != 1 || scan.LastBackEdgeOffset != _previousLiveOffset ||
                _offset - scan.Offset > MaxVersionedLoopBytes || Ends is null || !TryTripCount(scan, out var trip))
            {
                return;
            }

            var groups = new Dictionary<string, AddressGroup>();
            var proven = new HashSet<int>();
            foreach (var (offset, address) in scan.Accesses)
            {
                if (!Ends.TryGetValue(offset, out var end) || end == 0)
                {
                    continue;
                }

                if (!TryTerms(scan, address, out var terms))
                {
                    continue;
                }

                var key = string.Join(';', terms);
                var low = (long)address.Delta;
                var high = low + (long)end;
                groups[key] = groups.TryGetValue(key, out var group)
                    ? group with { MinDelta = Math.Min(group.MinDelta, low), MaxEnd = Math.Max(group.MaxEnd, high) }
                    : new AddressGroup(terms, low, high);
                proven.Add(offset);
            }

            if (!Pays(scan, trip, proven.Count))
            {
                return;
            }

            (Loops ??= [])[scan.Offset] = trip with { Groups = [.. groups.Values], ProvenAccesses = proven };
        }

        /// <summary>
        /// Whether dropping <paramref name="checksPerIteration"/> checks from every iteration saves more
        /// than the entry test costs. When the counter starts at a constant and the bound is one, the
        /// iterations are known (and a loop the test would always send to the checked copy is not
        /// duplicated); otherwise the loop must drop two checks per iteration, as LLVM's short inner
        /// loops (nbody's pair loop runs one to four times) would pay more for the test than they save.
        /// </summary>
        private static bool Pays(LoopScan scan, VersionedLoop trip, int checksPerIteration)
        {
            if (trip.BoundLocal is null && scan.EntryConstants?.TryGetValue(trip.Counter, out var start) == true)
            {
                return StaticLastIteration(trip, start) is { } last && (last + 1) * checksPerIteration > EntryTestCostInChecks;
            }

            return checksPerIteration >= 2;
        }

        /// <summary>
        /// What <c>FunctionCompiler.EmitLastIteration</c> computes at run time, for a counter starting at
        /// <paramref name="start"/> and a constant bound: the last iteration, or null for the checked copy.
        /// </summary>
        private static long? StaticLastIteration(VersionedLoop trip, int start)
        {
            var counter = start + trip.CounterDelta;
            var bound = trip.BoundDelta;
            var magnitude = Math.Abs((long)trip.Step);
            if (trip.Relation == TripRelation.NotEqual)
            {
                var distance = (ulong)(uint)(trip.Step > 0 ? bound - counter : counter - bound);
                return (distance & (ulong)(magnitude - 1)) != 0 ? null : (long)(distance >> trip.StepShift);
            }

            var signed = trip.Relation is TripRelation.LessSigned or TripRelation.GreaterSigned;
            var a = signed ? counter : (long)(uint)counter;
            var b = (signed ? bound : (long)(uint)bound) + trip.BoundAdjust;
            if (trip.Relation is TripRelation.LessSigned or TripRelation.LessUnsigned)
            {
                var max = signed ? int.MaxValue : (long)uint.MaxValue;
                return a >= b ? 0 : b > max - magnitude + 1 ? null : (b - a + magnitude - 1) >> trip.StepShift;
            }

            var min = signed ? int.MinValue : 0L;
            return a <= b ? 0 : b < min + magnitude - 1 ? null : (a - b + magnitude - 1) >> trip.StepShift;
        }

        /// <summary>The summands of a tracked address (none for a constant), if each is a <see cref="TryTerm"/>.</summary>
        private static bool TryTerms(LoopScan scan, Operand address, out AddressTerm[] terms)
        {
            terms = [];
            if (address.Local == Operand.Constant)
            {
                return true;
            }

            if (!TryTerm(scan, address.Local, address.Version, out var first))
            {
                return false;
            }

            if (address.Local2 == Operand.Unknown)
            {
                terms = [first];
                return true;
            }

            if (!TryTerm(scan, address.Local2, address.Version2, out var second))
            {
                return false;
            }

            terms = [first, second];
            return true;
        }

        /// <summary>
        /// A summand of addresses: the loop's header value of a local that changes by a constant step at
        /// most once per iteration or never, or a value a local held at entry.
        /// </summary>
        private static bool TryTerm(LoopScan scan, int local, int version, out AddressTerm term)
        {
            if (TryStep(scan, local, version, out var step))
            {
                term = new AddressTerm(local, 0, step);
                return true;
            }

            if (scan.Holders.TryGetValue((local, version), out var holder))
            {
                term = new AddressTerm(holder.Local, -holder.Delta, 0);
                return true;
            }

            term = default;
            return false;
        }

        /// <summary>
        /// Whether the loop's value of <paramref name="local"/> at the header (version
        /// <paramref name="version"/>) changes by a known <paramref name="step"/> at most once per
        /// iteration, or not at all (step 0).
        /// </summary>
        private static bool TryStep(LoopScan scan, int local, int version, out int step)
        {
            step = 0;
            if (version != scan.EntryVersion(local))
            {
                return false;
            }

            if (!scan.Writes.TryGetValue(local, out var write))
            {
                return true;
            }

            var value = write.Value;
            if (write.Count != 1 || !value.IsSingleLocal || value.Local != local || value.Version != version ||
                value.Delta == 0 || Math.Abs((long)value.Delta) > MaxStep)
            {
                return false;
            }

            step = value.Delta;
            return true;
        }

        /// <summary>A test of the form counter ⋈ bound, normalised to "continue while", with a counter that counts towards the bound.</summary>
        private bool TryTripCount(LoopScan scan, out VersionedLoop trip)
        {
            foreach (var (condition, continueWhen) in scan.Tests)
            {
                (Opcode Op, Operand Left, Operand Right) comparison;
                if (condition.IsComparison)
                {
                    comparison = _comparisons[condition.Version];
                }
                else if (condition.IsTracked)
                {
                    comparison = (Opcode.I32Ne, condition, new Operand(Operand.Constant, 0, 0));
                }
                else
                {
                    continue;
                }

                if (!continueWhen)
                {
                    comparison = Negated(comparison);
                }

                var (op, left, right) = comparison;
                if (!IsCounter(scan, left, out var step) || !TryBound(scan, right, out var boundLocal, out var boundDelta))
                {
                    if (!IsCounter(scan, right, out step) || !TryBound(scan, left, out boundLocal, out boundDelta))
                    {
                        continue;
                    }

                    (op, left) = (Swapped(op), right);
                }

                TripRelation relation;
                var adjust = 0;
                switch (op)
                {
                    case Opcode.I32Ne: relation = TripRelation.NotEqual; break;
                    case Opcode.I32LtS when step > 0: relation = TripRelation.LessSigned; break;
                    case Opcode.I32LtU when step > 0: relation = TripRelation.LessUnsigned; break;
                    case Opcode.I32LeS when step > 0: relation = TripRelation.LessSigned; adjust = 1; break;
                    case Opcode.I32LeU when step > 0: relation = TripRelation.LessUnsigned; adjust = 1; break;
                    case Opcode.I32GtS when step < 0: relation = TripRelation.GreaterSigned; break;
                    case Opcode.I32GtU when step < 0: relation = TripRelation.GreaterUnsigned; break;
                    case Opcode.I32GeS when step < 0: relation = TripRelation.GreaterSigned; adjust = -1; break;
                    case Opcode.I32GeU when step < 0: relation = TripRelation.GreaterUnsigned; adjust = -1; break;
                    default: continue;
                }

                trip = new VersionedLoop(left.Local, left.Delta, step, relation, boundLocal, boundDelta, adjust, [], []);
                return true;
            }

            trip = null!;
            return false;
        }

        /// <summary>A counter: written once per iteration, at the top level, by a power-of-two step.</summary>
        private static bool IsCounter(LoopScan scan, Operand operand, out int step)
        {
            step = 0;
            return operand.IsSingleLocal && scan.Writes.TryGetValue(operand.Local, out var write) && write.TopLevel &&
                TryStep(scan, operand.Local, operand.Version, out step) && step != 0 &&
                BitOperations.IsPow2(Math.Abs((long)step));
        }

        /// <summary>
        /// A bound: a constant (<paramref name="local"/> null, the value in <paramref name="delta"/>), or a
        /// value that does not change in the loop plus a constant: <c>local + delta</c> at entry.
        /// </summary>
        private static bool TryBound(LoopScan scan, Operand operand, out int? local, out int delta)
        {
            local = null;
            delta = operand.Delta;
            if (operand.Local == Operand.Constant)
            {
                return true;
            }

            if (!operand.IsSingleLocal || !TryTerm(scan, operand.Local, operand.Version, out var term) || term.Step != 0)
            {
                return false;
            }

            local = term.Local;
            delta += term.Delta;
            return true;
        }
    }
}
