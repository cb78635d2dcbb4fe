using Wisp.Compilation;
using Wisp.Instructions;
using static Wisp.Tests.Compilation.CompiledWat;

namespace Wisp.Tests.Compilation;

public class BlockLocalCompareResultsTests
{
    /// <summary>For each <c>local.set</c> right after a compare in function 0, in code order: whether its store may be left out.</summary>
    private static bool[] Deferrable(string wat)
    {
        var module = Validated(wat);
        var body = module.Bodies[0];
        var found = BlockLocalCompareResults.Find(body.Code.Span, body.CodeOffset);
        var instructions = InstructionsOf(body);
        return [.. instructions.Skip(1).Zip(instructions)
            .Where(pair => pair.First.Opcode == Opcode.LocalSet && BlockLocalCompareResults.IsCompare(pair.Second.Opcode))
            .Select(pair => found.Contains(pair.First.Offset))];
    }

    [Fact]
    public void AnExitTestReadByTheLoopsBrIfIsDeferrable()
    {
        // fib's loop, as LLVM emits it.
        Assert.Equal([true], Deferrable("""
            (module (func (param i32) (local i32)
              (loop
                (local.set 1 (i32.lt_u (local.get 0) (i32.const 4)))
                (local.set 0 (i32.add (local.get 0) (i32.const -2)))
                (br_if 0 (i32.eqz (local.get 1))))))
            """));
    }

    [Fact]
    public void ATestReadAcrossTheBackEdgeIsNot()
    {
        Assert.Equal([false], Deferrable("""
            (module (func (param i32) (local i32)
              (loop
                (br_if 1 (local.get 1))
                (local.set 1 (i32.lt_u (local.get 0) (i32.const 4)))
                (local.set 0 (i32.add (local.get 0) (i32.const -2)))
                (br 0))))
            """));
    }

    [Theory]
    [InlineData("(block (br_if 0 (local.get 0))) (drop (local.get 1))")] // after a block's end
    [InlineData("(if (local.get 0) (then (drop (local.get 1))))")] // in an if's arm
    [InlineData("(if (local.get 0) (then) (else (drop (local.get 1))))")] // in its else arm
    [InlineData("(block (br_table 0 1 (local.get 0))) (drop (local.get 1))")] // after a br_table target
    public void ATestReadInAnotherBlockIsNot(string reader)
    {
        Assert.Equal([false], Deferrable($"""
            (module (func (param i32) (local i32)
              (local.set 1 (i32.eq (local.get 0) (i32.const 7)))
              {reader}))
            """));
    }

    [Fact]
    public void ATestOverwrittenBeforeTheBlockEndsIsDeferrable()
    {
        // The first store dies at the second; the second is read after the block and must stay.
        Assert.Equal([true, false], Deferrable("""
            (module (func (param i32) (local i32)
              (local.set 1 (i32.eq (local.get 0) (i32.const 7)))
              (drop (local.get 1))
              (local.set 1 (i32.ne (local.get 0) (i32.const 7)))
              (block (br_if 0 (local.get 0)))
              (drop (local.get 1))))
            """));
    }

    [Fact]
    public void ALocalReusedForOtherValuesIsJudgedPerStore()
    {
        // fannkuch's flip loop: the local holds a loaded value and the exit test; it is also live
        // across a loop elsewhere, which does not matter to this store.
        Assert.Equal([true], Deferrable("""
            (module (memory 1)
              (func (param i32 i32) (local i32 i32)
                (local.set 3 (i32.const 5))
                (loop (br_if 0 (i32.eqz (local.tee 3 (i32.sub (local.get 3) (i32.const 1))))))
                (loop
                  (local.set 3 (i32.load (local.get 0)))
                  (i32.store (local.get 1) (local.get 3))
                  (local.set 3 (i32.lt_s (local.get 0) (local.tee 1 (i32.add (local.get 1) (i32.const -4)))))
                  (local.set 0 (i32.add (local.get 0) (i32.const 4)))
                  (br_if 0 (local.get 3)))))
            """));
    }
}
