using static Wisp.Tests.Compilation.CompiledWat;

namespace Wisp.Tests.Compilation;

/// <summary>Compares whose stored result is read only in its basic block are recomputed from their operands at each read.</summary>
public class DeferredCompareTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(10, 55)]
    [InlineData(20, 6765)]
    public void FibonacciWithTheTestKeptAcrossTheCounterUpdate(int n, long expected)
    {
        // LLVM's fib: the exit test is computed before n changes and read after.
        var instance = Instantiate("""
            (module
              (func $fib (export "fib") (param i32) (result i64) (local i64 i32 i32)
                (block
                  (block
                    (br_if 0 (i32.ge_s (local.get 0) (i32.const 2)))
                    (local.set 2 (local.get 0))
                    (br 1))
                  (loop
                    (local.set 1 (i64.add (call $fib (i32.add (local.get 0) (i32.const -1))) (local.get 1)))
                    (local.set 3 (i32.lt_u (local.get 0) (i32.const 4)))
                    (local.set 0 (local.tee 2 (i32.add (local.get 0) (i32.const -2))))
                    (br_if 0 (i32.eqz (local.get 3)))))
                (i64.add (local.get 1) (i64.extend_i32_s (local.get 2)))))
            """);
        Assert.Equal(expected, instance.CallI64("fib", I32(n)));
    }

    [Fact]
    public void EveryReadSeesTheOperandsAsTheyWereAtTheCompare()
    {
        // The operands change after the compare; the result is read three times, not only by a branch.
        var instance = Instantiate("""
            (module
              (func (export "f") (param i64 i64) (result i32) (local i32)
                (local.set 2 (i64.gt_u (local.get 0) (local.get 1)))
                (local.set 0 (i64.const 0))
                (local.set 1 (i64.const -1))
                (i32.add (i32.mul (local.get 2) (i32.const 10))
                  (i32.add (local.get 2) (select (i32.const 100) (i32.const 0) (local.get 2))))))
            """);
        Assert.Equal(111, instance.CallI32("f", I64(-1), I64(5)));
        Assert.Equal(0, instance.CallI32("f", I64(5), I64(-1)));
    }

    [Theory]
    [InlineData(0, 10, 6006)]
    [InlineData(3, 3, 1004)]
    [InlineData(-5, 5, 6001)]
    public void ASecondOperandLeftInItsLocalIsReadFromIt(int lo, int hi, int expected)
    {
        // fannkuch's flip loop: lo < --hi, then lo++; hi is not written again before the branch, so
        // the recompute reads it from its local, while lo's old value needs its copy.
        var instance = Instantiate("""
            (module
              (func (export "flip") (param i32 i32) (result i32) (local i32 i32)
                (loop
                  (local.set 2 (i32.lt_s (local.get 0) (local.tee 1 (i32.add (local.get 1) (i32.const -1)))))
                  (local.set 0 (i32.add (local.get 0) (i32.const 1)))
                  (local.set 3 (i32.add (local.get 3) (i32.const 1)))
                  (br_if 0 (local.get 2)))
                (i32.add (i32.mul (local.get 3) (i32.const 1000)) (local.get 0))))
            """);
        Assert.Equal(expected, instance.CallI32("flip", I32(lo), I32(hi)));
    }

    [Fact]
    public void ASecondOperandWhoseLocalChangesOrHoldsTheResultIsCopied()
    {
        var instance = Instantiate("""
            (module
              (func (export "tee-after") (param i32 i32) (result i32) (local i32)
                (local.set 2 (i32.gt_u (local.get 0) (local.get 1)))
                (drop (local.tee 1 (i32.const 0)))
                (i32.add (local.get 2) (local.get 2)))
              (func (export "into-itself") (param i32 i32) (result i32)
                (local.set 1 (i32.lt_u (local.get 0) (local.get 1)))
                (i32.add (local.get 1) (local.get 1))))
            """);
        Assert.Equal(2, instance.CallI32("tee-after", I32(5), I32(3)));
        Assert.Equal(0, instance.CallI32("tee-after", I32(3), I32(5)));
        Assert.Equal(2, instance.CallI32("into-itself", I32(1), I32(2)));
        Assert.Equal(0, instance.CallI32("into-itself", I32(2), I32(1)));
    }

    [Theory]
    [InlineData(1.0, 2.0, 1)]
    [InlineData(2.0, 1.0, 0)]
    [InlineData(double.NaN, 1.0, 0)]
    public void FloatComparesKeepTheirNaNSemantics(double a, double b, int expected)
    {
        var instance = Instantiate("""
            (module
              (func (export "lt") (param f64 f64) (result i32) (local i32)
                (local.set 2 (f64.lt (local.get 0) (local.get 1)))
                (local.set 0 (f64.const 0))
                (drop (br_if 0 (i32.const 1) (local.get 2)))
                (i32.const 0)))
            """);
        Assert.Equal(expected, instance.CallI32("lt", F64Bits(BitConverter.DoubleToUInt64Bits(a)), F64Bits(BitConverter.DoubleToUInt64Bits(b))));
    }

    [Fact]
    public void AStoreReadAfterTheBlockStillHappens()
    {
        var instance = Instantiate("""
            (module
              (func (export "f") (param i32) (result i32) (local i32)
                (local.set 1 (i32.lt_s (local.get 0) (i32.const 0)))
                (local.set 0 (i32.const 99))
                (block (br_if 0 (i32.eqz (local.get 1))))
                (local.get 1)))
            """);
        Assert.Equal(1, instance.CallI32("f", I32(-5)));
        Assert.Equal(0, instance.CallI32("f", I32(5)));
    }
}
