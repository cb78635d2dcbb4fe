using Wisp.Compilation;
using Wisp.Instructions;
using Wisp.Wast;
using static Wisp.Tests.Compilation.CompiledWat;

namespace Wisp.Tests.Compilation;

public class LoadsReachingStoresTests
{
    /// <summary>For each 8-byte load in function 0, in code order: whether it needs no probe.</summary>
    private static bool[] Reaching(string body, string locals = "")
    {
        var module = Validated($"(module (memory 1) (global $g (mut f64) (f64.const 0)) (func (param i32) {locals} {body}))");
        var code = module.Bodies[0];
        var found = LoadsReachingStores.Find(code.Code.Span, code.CodeOffset);
        return [.. InstructionsOf(code)
            .Where(i => i.Opcode is Opcode.I64Load or Opcode.F64Load)
            .Select(i => found.Contains(i.Offset))];
    }

    [Fact]
    public void MatmulsUpdateStoresBothLoads()
    {
        Assert.Equal([true, true], Reaching("""
            (f64.store (local.get 0)
              (f64.add (f64.load (local.get 0)) (f64.mul (f64.const 3) (f64.load offset=8 (local.get 0)))))
            """));
    }

    [Fact]
    public void ACopyAndLocalsCarryTheLoad()
    {
        Assert.Equal([true, true], Reaching(
            """
            (local.set 1 (i64.load (local.get 0)))
            (local.set 2 (f64.sqrt (f64.load offset=8 (local.get 0))))
            (i64.store offset=16 (local.get 0) (local.get 1))
            (global.set $g (local.get 2))
            """,
            "(local i64 f64)"));
    }

    [Theory]
    [InlineData("(i64.store (local.get 0) (i64.add (i64.load (local.get 0)) (i64.const 1)))")] // a counter
    [InlineData("(i64.store (local.get 0) (i64.add (i64.mul (i64.load (local.get 0)) (i64.const 31)) (local.get 1)))")] // json's num_acc
    [InlineData("(i64.store (local.get 0) (i64.sub (i64.const 7) (i64.xor (i64.load (local.get 0)) (i64.const -1))))")]
    [InlineData("(i64.store (local.get 0) (i64.rotl (i64.load (local.get 0)) (local.get 1)))")]
    [InlineData("(local.set 1 (i64.const 3)) (i64.store (local.get 0) (i64.mul (i64.load (local.get 0)) (local.get 1)))")]
    public void IntegerArithmeticThatIsABijectionOfTheLoadCarriesIt(string body)
    {
        // Local 1 was written before the block (or holds a literal): it is not derived from the load.
        Assert.Equal([true], Reaching(body, "(local i64)"));
    }

    [Theory]
    [InlineData("(drop (f64.load (local.get 0)))")] // unused
    [InlineData("(i64.store32 (local.get 0) (i64.load (local.get 0)))")] // a narrowing store reads 4 bytes
    [InlineData("(i32.store (local.get 0) (i32.wrap_i64 (i64.load (local.get 0))))")] // so does a wrap
    [InlineData("(i64.store (local.get 0) (i64.mul (i64.load (local.get 0)) (i64.const 0)))")] // folds to 0
    [InlineData("(f64.store (local.get 0) (f64.copysign (f64.const 1) (f64.load (local.get 0))))")] // one bit
    [InlineData("(f64.store (local.get 0) (select (f64.load (local.get 0)) (f64.const 1) (i32.const 0)))")]
    [InlineData("(local.set 1 (f64.load (local.get 0))) (block) (f64.store (local.get 0) (local.get 1))")] // across a label
    [InlineData("(local.set 1 (f64.load (local.get 0))) (local.set 1 (f64.const 2)) (f64.store (local.get 0) (local.get 1))")]
    [InlineData("(f64.store (local.get 0) (call $id (f64.load (local.get 0))))")] // a call is not modelled
    [InlineData("(i64.store (local.get 0) (i64.sub (local.tee 2 (i64.load (local.get 0))) (local.get 2)))")] // x - x
    [InlineData("(i64.store (local.get 0) (i64.xor (i64.load (local.get 0)) (i64.load (local.get 0))))")] // one read, twice
    [InlineData("(i64.store (local.get 0) (i64.add (local.tee 2 (i64.load (local.get 0))) (i64.sub (i64.const 0) (local.get 2))))")]
    [InlineData("(i64.store (local.get 0) (i64.sub (local.tee 2 (i64.load (local.get 0))) (i64.or (local.get 2) (i64.const 0))))")]
    [InlineData("(global.set $h (i64.mul (i64.load (local.get 0)) (i64.const 2))) (i64.store (local.get 0) (i64.sub (i64.load (local.get 0)) (global.get $h)))")]
    [InlineData("(i64.store (local.get 0) (i64.sub (i64.load (local.get 0)) (call $id64 (i64.const 1))))")] // may be inlined
    [InlineData("(i64.store (local.get 0) (i64.mul (i64.load (local.get 0)) (i64.const 2)))")] // drops the top bit
    [InlineData("(local.set 2 (i64.const 0)) (i64.store (local.get 0) (i64.mul (i64.load (local.get 0)) (local.get 2)))")]
    [InlineData("(i64.store (local.get 0) (i64.and (i64.load (local.get 0)) (i64.const -1)))")]
    [InlineData("(i64.store (local.get 0) (i64.shl (i64.load (local.get 0)) (i64.const 1)))")]
    [InlineData("(i64.store (local.get 0) (i64.rotl (local.tee 2 (i64.load (local.get 0))) (local.get 2)))")] // a count is narrowed
    [InlineData("i32.const 0 (i64.load (local.get 0)) (drop (call $id64 (i64.const 1))) (i64.load (local.get 0)) i64.sub i64.store")] // below a call
    public void ValuesTheJitMayDropOrNarrowDoNot(string body)
    {
        var module = Validated($"""
            (module (memory 1)
              (global $h (mut i64) (i64.const 0))
              (func $id (param f64) (result f64) (local.get 0))
              (func $id64 (param i64) (result i64) (local.get 0))
              (func (param i32) (local f64 i64) {body}))
            """);
        var code = module.Bodies[2];
        var found = LoadsReachingStores.Find(code.Code.Span, code.CodeOffset);

        Assert.DoesNotContain(InstructionsOf(code), i => i.Opcode is Opcode.I64Load or Opcode.F64Load && found.Contains(i.Offset));
    }

    [Fact]
    public void AStoredLoadStillTrapsAtTheEndOfMemory()
    {
        // Without a probe the store's own use of the value keeps all eight bytes read.
        var result = new WastRunner().RunText("""
            (module
              (memory 1)
              (func (export "scale") (param i32 i32)
                (f64.store (local.get 1) (f64.mul (f64.load (local.get 0)) (f64.const 2))))
              (func (export "copy") (param i32 i32)
                (i64.store (local.get 1) (i64.load (local.get 0)))))
            (assert_return (invoke "scale" (i32.const 65528) (i32.const 0)))
            (assert_trap (invoke "scale" (i32.const 65529) (i32.const 0)) "out of bounds memory access")
            (assert_trap (invoke "copy" (i32.const 65532) (i32.const 0)) "out of bounds memory access")
            (assert_return (invoke "copy" (i32.const 65528) (i32.const 8)))
            """, "stored-loads.wast");

        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Failures));
        Assert.Equal(5, result.Passed);
    }
}
