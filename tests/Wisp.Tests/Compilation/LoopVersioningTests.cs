using Wisp.Compilation;
using Wisp.Runtime;
using static Wisp.Tests.Compilation.CompiledWat;

namespace Wisp.Tests.Compilation;

/// <summary>
/// Loop versioning (BoundsCheckPlan.VersionedLoops, FunctionCompiler.LoopVersions): which loops run a
/// copy without checks after one test at entry, and that either copy behaves as the spec says.
/// </summary>
public class LoopVersioningTests
{
    /// <summary>The versioned loops of defined function <paramref name="function"/>.</summary>
    private static IReadOnlyDictionary<int, VersionedLoop> VersionedLoops(string wat, int function = 0) =>
        BoundsCheckPlanOf(wat, function).Plan.VersionedLoops ?? new Dictionary<int, VersionedLoop>();

    /// <summary>
    /// An explicit check trapped, not a guard page: on Linux x86-64 memories sit in guarded slots, so an
    /// access a wrong entry test let through would still trap, but by a fault (a NullReferenceException
    /// inside the trap).
    /// </summary>
    private static void AssertCheckedOutOfBounds(TrapException trap)
    {
        Assert.Equal(TrapCode.MemoryOutOfBounds, trap.Code);
        Assert.Null(trap.InnerException);
    }

    // matmul's inner loop as LLVM writes it: c[j] += a * b[j], the counter compared after its increment.
    private const string MatmulInnerLoop = """
        (module (memory 1)
          (func (export "axpy") (param $c i32) (param $b i32) (param $j i32) (param $n i32) (param $a f64)
            (loop
              (f64.store (local.get $c) (f64.add (f64.load (local.get $c)) (f64.mul (local.get $a) (f64.load (local.get $b)))))
              (local.set $b (i32.add (local.get $b) (i32.const 8)))
              (local.set $c (i32.add (local.get $c) (i32.const 8)))
              (br_if 0 (i32.lt_s (local.tee $j (i32.add (local.get $j) (i32.const 1))) (local.get $n)))))
          (func (export "get") (param i32) (result f64) (f64.load (local.get 0)))
          (func (export "set") (param i32 f64) (f64.store (local.get 0) (local.get 1))))
        """;

    [Fact]
    public void MatmulsInnerLoopIsVersioned()
    {
        var loop = Assert.Single(VersionedLoops(MatmulInnerLoop).Values);
        Assert.Equal((2, 1, 1, TripRelation.LessSigned, 3), (loop.Counter, loop.CounterDelta, loop.Step, loop.Relation, loop.BoundLocal));

        // The load of c and the load of b; the store through c is covered by the load's check.
        Assert.Equal(2, loop.ProvenAccesses.Count);
        Assert.Equal(2, loop.Groups.Length);
        Assert.All(loop.Groups, group => Assert.Equal(8, Assert.Single(group.Terms).Step));
    }

    [Fact]
    public void BothCopiesComputeTheSame()
    {
        var m = Instantiate(MatmulInnerLoop);
        for (var i = 0; i < 16; i++)
        {
            m.Call("set", I32(8 * i), Value.FromDouble(i));
            m.Call("set", I32(1024 + (8 * i)), Value.FromDouble(100));
        }

        // In bounds: the unchecked copy runs 16 iterations.
        m.Call("axpy", I32(0), I32(1024), I32(0), I32(16), Value.FromDouble(0.5));
        for (var i = 0; i < 16; i++)
        {
            Assert.Equal(i + 50.0, m.Call("get", I32(8 * i))[0].AsDouble);
        }

        // A counter already past the bound: one iteration.
        m.Call("axpy", I32(0), I32(1024), I32(100), I32(16), Value.FromDouble(1));
        Assert.Equal(150.0, m.Call("get", I32(0))[0].AsDouble);
        Assert.Equal(51.0, m.Call("get", I32(8))[0].AsDouble);
    }

    [Fact]
    public void ALoopThatLeavesMemoryTrapsAfterTheIterationsBeforeIt()
    {
        var m = Instantiate(MatmulInnerLoop);

        // c runs from 65536 - 32: four iterations fit, the fifth loads past the end.
        var start = 65536 - 32;
        for (var i = 0; i < 4; i++)
        {
            m.Call("set", I32(start + (8 * i)), Value.FromDouble(1));
        }

        AssertCheckedOutOfBounds(m.Trap("axpy", I32(start), I32(0), I32(0), I32(8), Value.FromDouble(1)));
        for (var i = 0; i < 4; i++)
        {
            // Each of the four stores happened (b is all zeros here, so c keeps 1 + 1 × 0).
            Assert.Equal(1.0, m.Call("get", I32(start + (8 * i)))[0].AsDouble);
        }

        // Exactly to the end: no trap.
        m.Call("axpy", I32(start), I32(0), I32(0), I32(4), Value.FromDouble(1));
    }

    private const string FillLoops = """
        (module (memory 1)
          ;; Each loop has a second access that its first does not cover: versioning must save two checks
          ;; per iteration when the number of iterations is not known.
          ;; p[k] = k for k in [0, n), p counting up, the counter compared before its increment (≤ as "continue while i <= last").
          (func (export "up-le") (param $p i32) (param $i i32) (param $last i32)
            (loop
              (i32.store (local.get $p) (local.get $i))
              (drop (i32.load8_u (i32.sub (local.get $p) (i32.const 64))))
              (local.set $p (i32.add (local.get $p) (i32.const 4)))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br_if 0 (i32.le_s (local.get $i) (local.get $last)))))
          ;; count down to zero: br_if on the counter itself (≠ 0), the pointer falling.
          (func (export "down-ne") (param $p i32) (param $n i32)
            (loop
              (i32.store8 (local.get $p) (local.get $n))
              (drop (i32.load8_u offset=1 (local.get $p)))
              (local.set $p (i32.sub (local.get $p) (i32.const 1)))
              (br_if 0 (local.tee $n (i32.add (local.get $n) (i32.const -1))))))
          ;; a pointer compared with an end by ≠, stepping by 4: when the distance is no multiple of 4 it never meets it.
          (func (export "ptr-ne") (param $p i32) (param $end i32)
            (loop
              (i32.store (local.get $p) (i32.const 7))
              (drop (i32.load8_u (i32.sub (local.get $p) (i32.const 1))))
              (br_if 0 (i32.ne (local.tee $p (i32.add (local.get $p) (i32.const 4))) (local.get $end)))))
          ;; base + index, the exit test at the top and the back edge unconditional (sha256's round loop).
          (func (export "sum") (param $base i32) (param $n i32) (result i32) (local $i i32) (local $s i32)
            (block
              (loop
                (br_if 1 (i32.ge_u (local.get $i) (local.get $n)))
                (local.set $s (i32.add (local.get $s) (i32.load (i32.add (local.get $base) (local.get $i)))))
                (drop (i32.load8_u (local.get $base)))
                (local.set $i (i32.add (local.get $i) (i32.const 4)))
                (br 0)))
            (local.get $s))
          (func (export "get") (param i32) (result i32) (i32.load (local.get 0)))
          (func (export "get8") (param i32) (result i32) (i32.load8_u (local.get 0))))
        """;

    [Fact]
    public void TheUsualLoopShapesAreVersioned()
    {
        var upTo = Assert.Single(VersionedLoops(FillLoops, 0).Values);
        Assert.Equal((TripRelation.LessSigned, 1, 1), (upTo.Relation, upTo.BoundAdjust, upTo.Step));

        var down = Assert.Single(VersionedLoops(FillLoops, 1).Values);
        Assert.Equal((TripRelation.NotEqual, -1, null, 0), (down.Relation, down.Step, down.BoundLocal, down.BoundDelta));
        Assert.Equal(-1, Assert.Single(Assert.Single(down.Groups).Terms).Step);

        var pointer = Assert.Single(VersionedLoops(FillLoops, 2).Values);
        Assert.Equal((TripRelation.NotEqual, 4, 0), (pointer.Relation, pointer.Step, pointer.Counter));

        // The exit test i >= n at the top becomes "continue while i < n".
        var sum = Assert.Single(VersionedLoops(FillLoops, 3).Values);
        Assert.Equal((TripRelation.LessUnsigned, 4), (sum.Relation, sum.Step));
        Assert.Contains(sum.Groups, group => group.Terms.Select(term => term.Step).Order().SequenceEqual([0, 4]));
    }

    [Fact]
    public void CountingUpToTheLargestIntFallsBackToTheCheckedCopy()
    {
        var m = Instantiate(FillLoops);

        // i <= int.MaxValue never fails: the loop only ends by leaving memory.
        AssertCheckedOutOfBounds(m.Trap("up-le", I32(65536 - 8), I32(int.MaxValue - 5), I32(int.MaxValue)));
        Assert.Equal(int.MaxValue - 5, m.CallI32("get", I32(65536 - 8)));
        Assert.Equal(int.MaxValue - 4, m.CallI32("get", I32(65536 - 4)));

        m.Call("up-le", I32(100), I32(3), I32(6));
        Assert.Equal([3, 4, 5, 6, 0], Enumerable.Range(0, 5).Select(k => m.CallI32("get", I32(100 + (4 * k)))));
    }

    [Fact]
    public void CountingDownStopsAtZeroOrWrapsBelowAddressZero()
    {
        var m = Instantiate(FillLoops);
        m.Call("down-ne", I32(203), I32(4));
        Assert.Equal([1, 2, 3, 4], Enumerable.Range(200, 4).Select(a => m.CallI32("get8", I32(a))));

        // Four stores from address 2 down to 0 then -1: the fourth wraps to 2^32 - 1 and traps.
        AssertCheckedOutOfBounds(m.Trap("down-ne", I32(2), I32(9)));
        Assert.Equal([7, 8, 9], Enumerable.Range(0, 3).Select(a => m.CallI32("get8", I32(a))));

        // n = 0 counts 2^32 times: far past memory either way.
        AssertCheckedOutOfBounds(m.Trap("down-ne", I32(300), I32(0)));
    }

    [Fact]
    public void APointerThatStepsOverItsEndRunsUntilItLeavesMemory()
    {
        var m = Instantiate(FillLoops);
        m.Call("ptr-ne", I32(64), I32(80));
        Assert.Equal([7, 7, 7, 7, 0], Enumerable.Range(0, 5).Select(k => m.CallI32("get", I32(64 + (4 * k)))));

        // 65000 + 4k never equals 65002: stores up to the last whole word, then a trap.
        AssertCheckedOutOfBounds(m.Trap("ptr-ne", I32(65000), I32(65002)));
        Assert.Equal(7, m.CallI32("get", I32(65532)));
    }

    [Fact]
    public void SumsOfTwoLocalsAreBoundedToo()
    {
        var m = Instantiate(FillLoops);
        m.Call("up-le", I32(64), I32(1), I32(10));
        Assert.Equal(55, m.CallI32("sum", I32(64), I32(40)));
        Assert.Equal(55 - 1 - 2, m.CallI32("sum", I32(72), I32(32)));

        // The last word read would straddle the end: the checked copy traps.
        AssertCheckedOutOfBounds(m.Trap("sum", I32(65536 - 10), I32(12)));
        Assert.Equal(0, m.CallI32("sum", I32(65536 - 12), I32(12)));
    }

    [Fact]
    public void LoopsThatCannotBeCountedAreNotVersioned()
    {
        Assert.Empty(VersionedLoops("""
            (module (memory 1)
              ;; two back edges
              (func (param $p i32) (param $i i32)
                (loop
                  (i32.store (local.get $p) (i32.const 1))
                  (local.set $p (i32.add (local.get $p) (i32.const 4)))
                  (br_if 0 (i32.and (local.get $i) (i32.const 1)))
                  (br_if 0 (i32.lt_s (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 100))))))
            """));
        Assert.Empty(VersionedLoops("""
            (module (memory 1)
              ;; the counter is written in a branch, so not once per iteration
              (func (param $p i32) (param $i i32)
                (loop
                  (i32.store (local.get $p) (i32.const 1))
                  (if (local.get $p) (then (local.set $i (i32.add (local.get $i) (i32.const 1)))))
                  (br_if 0 (i32.lt_s (local.get $i) (i32.const 100))))))
            """));
        Assert.Empty(VersionedLoops("""
            (module (memory 1)
              ;; the address changes by a loaded amount
              (func (param $p i32) (param $i i32)
                (loop
                  (local.set $p (i32.add (local.get $p) (i32.load (local.get $p))))
                  (br_if 0 (i32.lt_s (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 100))))))
            """));
        Assert.Empty(VersionedLoops("""
            (module (memory 1)
              ;; counting away from the bound
              (func (param $p i32) (param $i i32)
                (loop
                  (i32.store (local.get $p) (i32.const 1))
                  (local.set $p (i32.add (local.get $p) (i32.const 4)))
                  (br_if 0 (i32.lt_s (local.tee $i (i32.add (local.get $i) (i32.const -1))) (i32.const 100))))))
            """));
    }

    [Fact]
    public void OnlyInnermostLoopsAreVersioned()
    {
        var loops = VersionedLoops("""
            (module (memory 1)
              (func (param $p i32) (param $i i32) (param $j i32)
                (loop $outer
                  (i32.store (local.get $p) (i32.const 1))
                  (local.set $j (i32.const 0))
                  (loop $inner
                    (i32.store offset=4 (local.get $p) (local.get $j))
                    (br_if $inner (i32.ne (local.tee $j (i32.add (local.get $j) (i32.const 1))) (i32.const 16))))
                  (local.set $p (i32.add (local.get $p) (i32.const 8)))
                  (br_if $outer (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 10))))))
            """);
        var inner = Assert.Single(loops.Values);
        Assert.Equal(TripRelation.NotEqual, inner.Relation);

        // p does not change in the inner loop: one term, step 0.
        Assert.Equal(0, Assert.Single(Assert.Single(inner.Groups).Terms).Step);
    }

    [Fact]
    public void ALoopMustSaveMoreThanTheEntryTestCosts()
    {
        const string Loops = """
            (module (memory 1)
              ;; one check per iteration, iterations unknown (nbody's pair loop)
              (func (param $p i32) (param $n i32)
                (loop
                  (i32.store (local.get $p) (i32.const 1))
                  (local.set $p (i32.add (local.get $p) (i32.const 56)))
                  (br_if 0 (local.tee $n (i32.add (local.get $n) (i32.const -1))))))
              ;; one check per iteration, three iterations
              (func (param $p i32) (local $i i32)
                (local.set $i (i32.const 0))
                (loop
                  (i32.store (local.get $p) (i32.const 1))
                  (local.set $p (i32.add (local.get $p) (i32.const 4)))
                  (br_if 0 (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 3)))))
              ;; one check per iteration, sixty-four iterations (sha256's message schedule)
              (func (param $p i32) (local $i i32)
                (local.set $i (i32.const 0))
                (loop
                  (i32.store (local.get $p) (i32.const 1))
                  (local.set $p (i32.add (local.get $p) (i32.const 4)))
                  (br_if 0 (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 64)))))
              ;; a constant count the entry test would always send to the checked copy: i <= INT_MAX
              (func (param $p i32) (local $i i32)
                (local.set $i (i32.const 0))
                (loop
                  (i32.store (local.get $p) (i32.const 1))
                  (local.set $p (i32.add (local.get $p) (i32.const 4)))
                  (br_if 0 (i32.le_s (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 2147483647))))))
            """;
        Assert.Empty(VersionedLoops(Loops, 0));
        Assert.Empty(VersionedLoops(Loops, 1));
        Assert.Single(VersionedLoops(Loops, 2));
        Assert.Empty(VersionedLoops(Loops, 3));
    }

    [Fact]
    public void AVersionedLoopInsideAnExpressionLeavesItsResultOnTheStack()
    {
        // A value below the loop on the operand stack, and a loop result: both copies must join with the same stack.
        const string Wat = """
            (module (memory 1)
              (func (export "sum") (param $p i32) (param $n i32) (param $q i32) (result i32) (local $i i32) (local $s i32)
                (i32.add (i32.const 1000)
                  (loop (result i32)
                    (local.set $s (i32.add (local.get $s) (i32.load (local.get $p))))
                    (i32.store (i32.add (local.get $p) (local.get $q)) (local.get $s))
                    (local.set $p (i32.add (local.get $p) (i32.const 4)))
                    (local.get $s)
                    (br_if 0 (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))))
              (func (export "set") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
              (func (export "get") (param i32) (result i32) (i32.load (local.get 0))))
            """;
        Assert.Single(VersionedLoops(Wat));
        var m = Instantiate(Wat);
        for (var k = 0; k < 8; k++)
        {
            m.Call("set", I32(4 * k), I32(k + 1));
        }

        Assert.Equal(1000 + 36, m.CallI32("sum", I32(0), I32(8), I32(4096)));
        Assert.Equal(36, m.CallI32("get", I32(4096 + 28)));

        // The stores at p + q leave memory on the second iteration: the checked copy traps there.
        AssertCheckedOutOfBounds(m.Trap("sum", I32(65536 - 4096 - 4), I32(8), I32(4096)));
    }
}
