namespace Wisp.Compilation;

/// <summary>How a versioned loop's counter is compared with its bound to continue.</summary>
internal enum TripRelation : byte
{
    /// <summary>Continues while counter ≠ bound (32-bit, wrapping).</summary>
    NotEqual,

    /// <summary>Continues while counter &lt; bound (signed); the counter counts up.</summary>
    LessSigned,

    /// <summary>Continues while counter &lt; bound (unsigned); the counter counts up.</summary>
    LessUnsigned,

    /// <summary>Continues while counter &gt; bound (signed); the counter counts down.</summary>
    GreaterSigned,

    /// <summary>Continues while counter &gt; bound (unsigned); the counter counts down.</summary>
    GreaterUnsigned,
}

/// <summary>
/// One summand of a versioned loop's addresses: <c>Local + Delta</c> (32-bit, wrapping) is its value at
/// the loop's entry, and it changes by <see cref="Step"/> at most once per iteration (0: never).
/// </summary>
internal readonly record struct AddressTerm(int Local, int Delta, int Step);

/// <summary>
/// Accesses of a versioned loop whose address is the sum of the same terms plus a constant: addresses
/// <c>Σ terms + delta</c> with <see cref="MinDelta"/> ≤ delta, and every checked byte below
/// <c>Σ terms + </c><see cref="MaxEnd"/>.
/// </summary>
internal sealed record AddressGroup(AddressTerm[] Terms, long MinDelta, long MaxEnd);

/// <summary>
/// An innermost loop whose bounds checks can be decided once, before it starts
/// (<see cref="BoundsCheckPlan"/>, "Loop versioning" in RATIONALE.md). Its counter changes by
/// <see cref="Step"/> once per iteration and the loop goes on while <c>counter + CounterDelta</c>
/// relates to the bound (<c>BoundLocal + BoundDelta</c> at entry, or the constant BoundDelta; then
/// <see cref="BoundAdjust"/> added in 64 bits turns ≤ and ≥ into &lt; and &gt;) as
/// <see cref="Relation"/> says, which bounds the number of iterations; every other local an address uses changes by a constant at most once per
/// iteration or not at all. From the locals' values at entry, the
/// compiled code computes the lowest and highest byte each <see cref="Groups"/> entry can touch in any
/// iteration, and runs a copy of the loop without the checks of <see cref="ProvenAccesses"/> when all
/// are in bounds, or the loop as planned otherwise.
/// </summary>
internal sealed record VersionedLoop(
    int Counter,
    int CounterDelta,
    int Step,
    TripRelation Relation,
    int? BoundLocal,
    int BoundDelta,
    int BoundAdjust,
    AddressGroup[] Groups,
    HashSet<int> ProvenAccesses)
{
    /// <summary>log2 of |<see cref="Step"/>|, a power of two.</summary>
    public int StepShift => System.Numerics.BitOperations.Log2((uint)Math.Abs(Step));
}
