using Wisp.Compilation;
using Wisp.Instructions;
using Wisp.Runtime;
using static Wisp.Tests.Compilation.CompiledWat;

namespace Wisp.Tests.Compilation;

public class BoundsCheckPlanTests
{
    /// <summary>The planned check end of every access in function 0's body, in code order.</summary>
    private static ulong[] PlannedEnds(string wat)
    {
        var (plan, body) = BoundsCheckPlanOf(wat);
        return [.. InstructionsOf(body)
            .Where(instruction => instruction.Info.Immediate is ImmediateKind.MemArg or ImmediateKind.MemArgLane)
            .Select(instruction => plan.CheckEnd(instruction))];
    }

    [Fact]
    public void AStoreThroughTheAddressALoadCheckedNeedsNoCheck()
    {
        // matmul's inner loop: c[j] += a * b[j].
        var ends = PlannedEnds("""
            (module (memory 1)
              (func (param i32 i32 f64)
                (loop
                  (f64.store (local.get 0) (f64.add (f64.load (local.get 0)) (f64.mul (local.get 2) (f64.load (local.get 1)))))
                  (local.set 0 (i32.add (local.get 0) (i32.const 8)))
                  (local.set 1 (i32.add (local.get 1) (i32.const 8)))
                  (br 0))))
            """);
        Assert.Equal([8ul, 8ul, 0ul], ends);
    }

    [Fact]
    public void OneCheckCoversTheFieldsLoadedBeforeAnythingObservable()
    {
        var ends = PlannedEnds("""
            (module (memory 1)
              (func (param i32) (result f64)
                (f64.add (f64.load offset=16 (local.get 0))
                  (f64.add (f64.load (local.get 0)) (f64.load offset=8 (local.get 0))))))
            """);
        Assert.Equal([24ul, 0ul, 0ul], ends);
    }

    [Fact]
    public void ConstantDeltasAndLocalCopiesAreTheSameAddress()
    {
        // nbody: fields at negative offsets reached by i32.add of a constant, and through a copy.
        var ends = PlannedEnds("""
            (module (memory 1)
              (func (param i32) (result f64) (local i32)
                (local.set 1 (i32.add (local.get 0) (i32.const -16)))
                (f64.add (f64.load (i32.add (local.get 0) (i32.const -48)))
                  (f64.add (f64.load (local.get 0)) (f64.load (local.get 1))))))
            """);
        Assert.Equal([56ul, 0ul, 0ul], ends);
    }

    [Fact]
    public void ALowerAddressIsNotCovered()
    {
        // address - 8 may wrap around to the top of the address space even when address is in bounds.
        var ends = PlannedEnds("""
            (module (memory 1)
              (func (param i32) (result i32)
                (i32.add (i32.load (local.get 0)) (i32.load (i32.sub (local.get 0) (i32.const 8))))))
            """);
        Assert.Equal([4ul, 4ul], ends);
    }

    [Fact]
    public void ConstantAddressesBelowTheMinimumSizeNeedNoCheck()
    {
        var ends = PlannedEnds("""
            (module (memory 1)
              (func (result i32)
                (i32.add (i32.load (i32.const 65532)) (i32.load (i32.const 65533)))))
            """);
        Assert.Equal([0ul, 4ul], ends);
    }

    [Fact]
    public void FactsDoNotOutliveTheirBlockNorSurviveAWriteInALoop()
    {
        var ends = PlannedEnds("""
            (module (memory 1)
              (func (param i32 i32)
                (block (br_if 0 (local.get 1)) (drop (i32.load (local.get 0))))
                (drop (i32.load (local.get 0)))
                (loop
                  (drop (i32.load (local.get 0)))
                  (local.set 0 (i32.add (local.get 0) (i32.const 4)))
                  (br_if 0 (local.get 1)))))
            """);
        Assert.Equal([4ul, 4ul, 4ul], ends);
    }

    [Fact]
    public void WindowsCloseAtStoresCallsBranchesAndTrappingArithmetic()
    {
        var ends = PlannedEnds("""
            (module (memory 1)
              (func (param i32 i32) (result i32)
                (drop (i32.load (local.get 0)))
                (i32.store offset=4 (local.get 0) (i32.const 1))
                (drop (i32.load offset=8 (local.get 0)))
                (call $f)
                (drop (i32.load offset=12 (local.get 0)))
                (drop (br_if 0 (i32.const 0) (local.get 1)))
                (drop (i32.load offset=16 (local.get 0)))
                (drop (i32.div_u (local.get 1) (local.get 1)))
                (i32.load offset=20 (local.get 0)))
              (func $f))
            """);
        // The store ends the first window: the load's check covers it.
        Assert.Equal([8ul, 0ul, 12ul, 16ul, 20ul, 24ul], ends);
    }

    private const string TrapModule = """
        (module (memory (export "mem") 1)
          (func (export "store-then-load") (param i32) (result i32)
            (i32.store (local.get 0) (i32.const 7))
            (i32.load offset=8 (local.get 0)))
          (func (export "load-branch-load") (param i32 i32) (result i32)
            (drop (i32.load (local.get 0)))
            (br_if 0 (i32.const 1) (local.get 1))
            (drop)
            (i32.load offset=70000 (local.get 0)))
          (func (export "load-divide-load") (param i32 i32) (result i32)
            (drop (i32.load (local.get 0)))
            (drop (i32.div_u (i32.const 1) (local.get 1)))
            (i32.load offset=70000 (local.get 0)))
          (func (export "lower") (param i32) (result i32)
            (i32.add (i32.load (local.get 0)) (i32.load (i32.sub (local.get 0) (i32.const 8)))))
          (func (export "loop") (param i32) (result i32) (local i32)
            (loop
              (local.set 1 (i32.add (local.get 1) (i32.load (local.get 0))))
              (local.set 0 (i32.add (local.get 0) (i32.const 32768)))
              (br_if 0 (i32.lt_u (local.get 0) (i32.const 1000000))))
            (local.get 1))
          (func (export "then-else") (param i32 i32) (result i32)
            (if (result i32) (local.get 1)
              (then (i32.load (local.get 0)))
              (else (i32.load offset=4 (local.get 0))))))
        """;

    [Fact]
    public void AStoreBeforeAnOutOfBoundsLoadHappens()
    {
        var m = Instantiate(TrapModule);
        Assert.Equal(TrapCode.MemoryOutOfBounds, m.Trap("store-then-load", I32(65532)).Code);
        var memory = (LinearMemory)m.Exports["mem"];
        Assert.Equal(7, BitConverter.ToInt32(memory.GetSpan(65532, 4)));
    }

    [Fact]
    public void ALoadAfterABranchOrATrappingInstructionIsNotCheckedEarly()
    {
        var m = Instantiate(TrapModule);
        Assert.Equal(1, m.CallI32("load-branch-load", I32(0), I32(1)));
        Assert.Equal(TrapCode.MemoryOutOfBounds, m.Trap("load-branch-load", I32(0), I32(0)).Code);
        Assert.Equal(TrapCode.IntegerDivideByZero, m.Trap("load-divide-load", I32(0), I32(0)).Code);
        Assert.Equal(TrapCode.MemoryOutOfBounds, m.Trap("load-divide-load", I32(0), I32(1)).Code);
    }

    [Fact]
    public void UncoveredAccessesStillTrap()
    {
        var m = Instantiate(TrapModule);
        Assert.Equal(TrapCode.MemoryOutOfBounds, m.Trap("lower", I32(4)).Code);
        Assert.Equal(TrapCode.MemoryOutOfBounds, m.Trap("loop", I32(0)).Code);
        Assert.Equal(0, m.CallI32("then-else", I32(65532), I32(1)));
        Assert.Equal(TrapCode.MemoryOutOfBounds, m.Trap("then-else", I32(65532), I32(0)).Code);
    }
    /// <summary>
    /// The guard-page probes' plan: only 8-byte loads need a probe, and stores (which always touch
    /// their bytes) establish facts and stand in for the window's probe through the same address.
    /// </summary>
    private static ulong[] PlannedProbes(string wat)
    {
        var module = Validated(wat);
        var body = module.Bodies[0];
        var plan = BoundsCheckPlan.Create(
            body.Code.Span, body.CodeOffset, 0, access => access.Info.AccessWidth == 8 && access.Info.Signature is { Pushes.Length: 1 },
            versionLoops: false, touchesEveryByte: access => access.Info.Signature is { Pushes.Length: 0 });
        return [.. InstructionsOf(body)
            .Where(instruction => instruction.Info.Immediate is ImmediateKind.MemArg)
            .Select(instruction => plan.CheckEnd(instruction))];
    }

    [Theory]
    // interp's `stack[sp - 1] += stack[sp]`: the store ends the window and would trap on the load's bytes.
    [InlineData("(i64.store (local.get 0) (i64.add (i64.load (local.get 0)) (i64.load (local.get 1))))", new ulong[] { 0, 8, 8 })]
    [InlineData("(drop (i64.load offset=8 (local.get 0))) (i64.store offset=12 (local.get 0) (i64.const 1))", new ulong[] { 0, 20 })]
    // The load's bytes are not all the store's: a narrower store, one below it, or another address.
    [InlineData("(drop (i64.load (local.get 0))) (i32.store (local.get 0) (i32.const 1))", new ulong[] { 8, 4 })]
    [InlineData("(drop (i64.load (local.get 0))) (i64.store (i32.sub (local.get 0) (i32.const 4)) (i64.const 1))", new ulong[] { 8, 8 })]
    [InlineData("(drop (i64.load (local.get 0))) (i64.store (local.get 1) (i64.const 1))", new ulong[] { 8, 8 })]
    // Something a trap must not overtake in between.
    [InlineData("(drop (i64.load (local.get 0))) (drop (i32.div_u (i32.const 1) (local.get 1))) (i64.store (local.get 0) (i64.const 1))", new ulong[] { 8, 8 })]
    [InlineData("(drop (i64.load (local.get 0))) (i32.store8 (local.get 1) (i32.const 1)) (i64.store (local.get 0) (i64.const 1))", new ulong[] { 8, 1, 8 })]
    // A store that ran establishes its bytes for the loads after it.
    [InlineData("(i64.store (local.get 0) (i64.const 1)) (drop (i64.load (local.get 0))) (drop (i64.load offset=4 (local.get 0)))", new ulong[] { 8, 0, 12 })]
    public void AStoreEndingTheWindowStandsInForItsProbe(string body, ulong[] ends)
    {
        Assert.Equal(ends, PlannedProbes($"(module (memory 1) (func (param i32 i32) {body}))"));
    }
}
