using static Wisp.Tests.Compilation.CompiledWat;

namespace Wisp.Tests.Compilation;

public class ControlFlowTests
{
    [Theory]
    [InlineData("i32.rotl", "i32")]
    [InlineData("i32.rotr", "i32")]
    [InlineData("i64.rotl", "i64")]
    [InlineData("i64.rotr", "i64")]
    public void BranchesOnARotateResultTestItsValue(string rotate, string type)
    {
        // Found by differential fuzzing: RyuJIT branched on flags it believed rol/ror had set.
        // br_if takes an i32: an i64 rotate gets there through eqz, which also tests against zero.
        var rotated = $"({rotate} (local.get 0) ({type}.const 17))";
        var condition = type == "i32" ? rotated : $"(i32.eqz (i64.eqz {rotated}))";
        var instance = Instantiate($$"""
            (module
              (func (export "br_if") (param {{type}}) (result i32)
                (block (br_if 0 {{condition}}) (return (i32.const 1)))
                (i32.const 2))
              (func (export "if") (param {{type}}) (result i32)
                (if (result i32) ({{type}}.ne ({{rotate}} (local.get 0) ({{type}}.const 3)) ({{type}}.const 0))
                  (then (i32.const 2)) (else (i32.const 1))))
              (func (export "eqz") (param {{type}}) (result i32)
                ({{type}}.eqz ({{rotate}} (local.get 0) ({{type}}.const 5))))
              (func (export "tee") (param {{type}}) (result i32)
                (block (br_if 0 ({{type}}.ne (local.tee 0 ({{rotate}} (local.get 0) ({{type}}.const 9))) ({{type}}.const 0)))
                  (return (i32.const 1)))
                (i32.const 2))
              (func (export "identity") (param {{type}}) (result i32)
                (block (br_if 0 ({{type}}.ne ({{type}}.xor ({{rotate}} (local.get 0) ({{type}}.const 11)) ({{type}}.const 0)) ({{type}}.const 0)))
                  (return (i32.const 1)))
                (i32.const 2))
              (func (export "times-one") (param {{type}}) (result i32)
                ({{type}}.eqz ({{type}}.mul ({{rotate}} (local.get 0) ({{type}}.const 13)) ({{type}}.const 1))))
              (func (export "hash-step") (param {{type}}) (result i32)
                ({{type}}.eqz ({{type}}.mul ({{rotate}} (local.get 0) ({{type}}.const 13)) ({{type}}.const 0x9e3779b1)))))
            """);
        var zero = type == "i32" ? I32(0) : I64(0);
        var one = type == "i32" ? I32(1) : I64(1);

        foreach (var export in new[] { "br_if", "if", "tee", "identity" })
        {
            Assert.Equal(1, instance.CallI32(export, zero));
            Assert.Equal(2, instance.CallI32(export, one));
        }

        foreach (var export in new[] { "eqz", "times-one", "hash-step" })
        {
            Assert.Equal(1, instance.CallI32(export, zero));
            Assert.Equal(0, instance.CallI32(export, one));
        }
    }

    [Fact]
    public void LoopWithBranchComputesFactorial()
    {
        var instance = Instantiate("""
            (module (func (export "fac") (param i64) (result i64) (local i64)
              (local.set 1 (i64.const 1))
              (block $done
                (loop $next
                  (br_if $done (i64.eqz (local.get 0)))
                  (local.set 1 (i64.mul (local.get 1) (local.get 0)))
                  (local.set 0 (i64.sub (local.get 0) (i64.const 1)))
                  (br $next)))
              (local.get 1)))
            """);
        Assert.Equal(2432902008176640000L, instance.CallI64("fac", I64(20)));
    }

    [Fact]
    public void BranchCarriesResultsAndDiscardsValuesBelow()
    {
        var instance = Instantiate("""
            (module (func (export "f") (param i32) (result i32)
              (i32.add (i32.const 100)
                (block (result i32)
                  (i32.const 7) (i32.const 8)
                  (br_if 0 (i32.const 1) (local.get 0))
                  (drop) (drop) (drop) (i32.const 2)))))
            """);
        Assert.Equal(101, instance.CallI32("f", I32(1)));
        Assert.Equal(102, instance.CallI32("f", I32(0)));
    }

    [Fact]
    public void BrTableSelectsTargetsAndDefault()
    {
        var instance = Instantiate("""
            (module (func (export "f") (param i32) (result i32)
              (block $d (result i32)
                (block $b (result i32)
                  (block $a (result i32)
                    (i32.const 10) (local.get 0) (br_table $a $b $d))
                  (i32.const 1) (i32.add) (return))
                (i32.const 2) (i32.add) (return))))
            """);
        Assert.Equal(11, instance.CallI32("f", I32(0)));
        Assert.Equal(12, instance.CallI32("f", I32(1)));
        Assert.Equal(10, instance.CallI32("f", I32(2)));
        Assert.Equal(10, instance.CallI32("f", I32(-1)));
    }

    [Fact]
    public void MultiValueBlocksLoopsAndCalls()
    {
        var instance = Instantiate("""
            (module
              (func $swap (param i32 i32) (result i32 i32) (local.get 1) (local.get 0))
              (func (export "sub-swapped") (param i32 i32) (result i32)
                (call $swap (local.get 0) (local.get 1)) (i32.sub))
              (func (export "pair") (result i32 i64) (i32.const 1) (i64.const 2))
              (func (export "sum") (param i32) (result i32)
                (i32.const 0) (local.get 0)
                (loop $l (param i32 i32) (result i32)
                  (local.set 0)
                  (i32.add (local.get 0))
                  (i32.sub (local.get 0) (i32.const 1))
                  (local.tee 0)
                  (br_if $l (local.get 0))
                  (drop)))
              (func (export "step") (param i32 i32) (result i32)
                (local.get 0)
                (if (param i32) (result i32) (local.get 1)
                  (then (i32.const 1) (i32.add))
                  (else (i32.const 1) (i32.sub)))))
            """);
        Assert.Equal(3, instance.CallI32("sub-swapped", I32(2), I32(5)));
        var pair = instance.Call("pair");
        Assert.Equal(1, pair[0].AsInt32);
        Assert.Equal(2L, pair[1].AsInt64);
        Assert.Equal(10, instance.CallI32("sum", I32(4)));
        Assert.Equal(6, instance.CallI32("step", I32(5), I32(1)));
        Assert.Equal(4, instance.CallI32("step", I32(5), I32(0)));
    }

    [Fact]
    public void SelectAndUnreachableCodeAfterReturn()
    {
        var instance = Instantiate("""
            (module (func (export "f") (param i32) (result i32)
              (select (i32.const 3) (i32.const 4) (local.get 0))
              (return)
              (i32.add) (unreachable)))
            """);
        Assert.Equal(3, instance.CallI32("f", I32(9)));
        Assert.Equal(4, instance.CallI32("f", I32(0)));
    }

    [Fact]
    public void UnreachableTraps()
    {
        var instance = Instantiate("""(module (func (export "f") unreachable))""");
        Assert.Equal(Wisp.Runtime.TrapCode.Unreachable, instance.Trap("f").Code);
        Assert.Equal("unreachable", instance.Trap("f").Message);
    }
}
