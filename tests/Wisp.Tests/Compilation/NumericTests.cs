using Wisp.Runtime;
using static Wisp.Tests.Compilation.CompiledWat;

namespace Wisp.Tests.Compilation;

public class NumericTests
{
    private static readonly Lazy<ModuleInstance> Integers = new(() => Instantiate("""
        (module
          (func (export "div_s") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
          (func (export "rem_s") (param i32 i32) (result i32) (i32.rem_s (local.get 0) (local.get 1)))
          (func (export "div_u") (param i32 i32) (result i32) (i32.div_u (local.get 0) (local.get 1)))
          (func (export "div_s64") (param i64 i64) (result i64) (i64.div_s (local.get 0) (local.get 1)))
          (func (export "rem_s64") (param i64 i64) (result i64) (i64.rem_s (local.get 0) (local.get 1)))
          (func (export "shl") (param i32 i32) (result i32) (i32.shl (local.get 0) (local.get 1)))
          (func (export "rotl64") (param i64 i64) (result i64) (i64.rotl (local.get 0) (local.get 1)))
          (func (export "clz") (param i32) (result i32) (i32.clz (local.get 0)))
          (func (export "ctz64") (param i64) (result i64) (i64.ctz (local.get 0)))
          (func (export "extend8") (param i32) (result i32) (i32.extend8_s (local.get 0))))
        """));

    [Fact]
    public void DivisionTrapsOnZeroAndOverflow()
    {
        var m = Integers.Value;
        Assert.Equal(TrapCode.IntegerDivideByZero, m.Trap("div_s", I32(1), I32(0)).Code);
        Assert.Equal(TrapCode.IntegerDivideByZero, m.Trap("div_u", I32(1), I32(0)).Code);
        Assert.Equal(TrapCode.IntegerDivideByZero, m.Trap("rem_s", I32(1), I32(0)).Code);
        Assert.Equal(TrapCode.IntegerOverflow, m.Trap("div_s", I32(int.MinValue), I32(-1)).Code);
        Assert.Equal(TrapCode.IntegerOverflow, m.Trap("div_s64", I64(long.MinValue), I64(-1)).Code);
        Assert.Equal("integer divide by zero", m.Trap("div_s", I32(1), I32(0)).Message);
    }

    [Fact]
    public void RemainderOfMinValueByMinusOneIsZero()
    {
        Assert.Equal(0, Integers.Value.CallI32("rem_s", I32(int.MinValue), I32(-1)));
        Assert.Equal(0L, Integers.Value.CallI64("rem_s64", I64(long.MinValue), I64(-1)));
        Assert.Equal(-1, Integers.Value.CallI32("rem_s", I32(-7), I32(2)));
    }

    [Fact]
    public void UnsignedDivisionAndBitOperations()
    {
        var m = Integers.Value;
        Assert.Equal(0x7FFFFFFF, m.CallI32("div_u", I32(-1), I32(2)));
        Assert.Equal(2, m.CallI32("shl", I32(1), I32(33))); // count modulo 32
        Assert.Equal(1L, m.CallI64("rotl64", I64(long.MinValue), I64(65)));
        Assert.Equal(32, m.CallI32("clz", I32(0)));
        Assert.Equal(64L, m.CallI64("ctz64", I64(0)));
        Assert.Equal(-128, m.CallI32("extend8", I32(0x180)));
    }

    [Theory]
    [InlineData(0x7FA00000u)] // signalling NaN
    [InlineData(0xFFC00001u)] // negative quiet NaN with payload
    [InlineData(0x7F800001u)]
    public void FloatBitsSurviveConstLoadStoreAndSignOperations(uint nanBits)
    {
        var m = Instantiate($$"""
            (module (memory 1)
              (func (export "roundtrip") (param f32) (result f32)
                (f32.store (i32.const 8) (local.get 0)) (f32.load (i32.const 8)))
              (func (export "const") (result i32) (i32.reinterpret_f32 (f32.const nan:0x{{nanBits & 0x7FFFFF:x}})))
              (func (export "neg") (param f32) (result f32) (f32.neg (local.get 0)))
              (func (export "abs") (param f32) (result f32) (f32.abs (local.get 0)))
              (func (export "copysign") (param f32 f32) (result f32) (f32.copysign (local.get 0) (local.get 1)))
              (func (export "reinterpret") (param i32) (result f32) (f32.reinterpret_i32 (local.get 0))))
            """);
        Assert.Equal(nanBits, (uint)m.Call("roundtrip", F32Bits(nanBits))[0].Bits);
        Assert.Equal((int)(0x7F800000u | (nanBits & 0x7FFFFF)), m.CallI32("const"));
        Assert.Equal(nanBits ^ 0x80000000u, (uint)m.Call("neg", F32Bits(nanBits))[0].Bits);
        Assert.Equal(nanBits & 0x7FFFFFFFu, (uint)m.Call("abs", F32Bits(nanBits))[0].Bits);
        Assert.Equal(nanBits | 0x80000000u, (uint)m.Call("copysign", F32Bits(nanBits), F32Bits(0x80000000u))[0].Bits);
        Assert.Equal(nanBits, (uint)m.Call("reinterpret", I32((int)nanBits))[0].Bits);
    }

    [Fact]
    public void ArithmeticOnSignallingNaNYieldsQuietNaNEvenWithIdentityOperands()
    {
        var m = Instantiate("""
            (module
              (func (export "sub0") (param f64) (result f64) (f64.sub (local.get 0) (f64.const 0)))
              (func (export "mul1") (param f32) (result f32) (f32.mul (local.get 0) (f32.const 1)))
              (func (export "promote_demote") (param f32) (result f32) (f32.demote_f64 (f64.promote_f32 (local.get 0)))))
            """);
        Assert.Equal(0x7FF8000000000000ul, m.Call("sub0", F64Bits(0x7FF4000000000000ul))[0].Bits & 0x7FF8000000000000ul);
        Assert.Equal(0x7FC00000u, (uint)m.Call("mul1", F32Bits(0x7FA00000u))[0].Bits & 0x7FC00000u);
        Assert.Equal(0x7FC00000u, (uint)m.Call("promote_demote", F32Bits(0x7FA00000u))[0].Bits & 0x7FC00000u);
    }

    [Fact]
    public void FloatMinMaxAndNearestFollowWasm()
    {
        var m = Instantiate("""
            (module
              (func (export "min") (param f64 f64) (result f64) (f64.min (local.get 0) (local.get 1)))
              (func (export "max") (param f32 f32) (result f32) (f32.max (local.get 0) (local.get 1)))
              (func (export "nearest") (param f64) (result f64) (f64.nearest (local.get 0))))
            """);
        Assert.Equal(0x8000000000000000ul, m.Call("min", F64Bits(0), F64Bits(0x8000000000000000ul))[0].Bits);
        Assert.Equal(0u, (uint)m.Call("max", F32Bits(0x80000000u), F32Bits(0))[0].Bits);
        Assert.True(double.IsNaN(m.Call("min", Value.FromDouble(1), Value.FromDouble(double.NaN))[0].AsDouble));
        Assert.Equal(2.0, m.Call("nearest", Value.FromDouble(2.5))[0].AsDouble);
        Assert.Equal(-4.0, m.Call("nearest", Value.FromDouble(-3.5))[0].AsDouble);
    }

    [Fact]
    public void TruncationTrapsAndSaturates()
    {
        var m = Instantiate("""
            (module
              (func (export "trunc") (param f32) (result i32) (i32.trunc_f32_s (local.get 0)))
              (func (export "trunc_u64") (param f64) (result i64) (i64.trunc_f64_u (local.get 0)))
              (func (export "sat") (param f32) (result i32) (i32.trunc_sat_f32_s (local.get 0))))
            """);
        Assert.Equal(TrapCode.InvalidConversionToInteger, m.Trap("trunc", Value.FromSingle(float.NaN)).Code);
        Assert.Equal(TrapCode.IntegerOverflow, m.Trap("trunc", Value.FromSingle(2147483648f)).Code);
        Assert.Equal(int.MinValue, m.CallI32("trunc", Value.FromSingle(-2147483648f)));
        Assert.Equal(unchecked((long)0xFFFF_FFFF_FFFF_F800ul), m.CallI64("trunc_u64", Value.FromDouble(18446744073709549568.0)));
        Assert.Equal(TrapCode.IntegerOverflow, m.Trap("trunc_u64", Value.FromDouble(-1.0)).Code);
        Assert.Equal(0L, m.CallI64("trunc_u64", Value.FromDouble(-0.9)));
        Assert.Equal(int.MaxValue, m.CallI32("sat", Value.FromSingle(float.PositiveInfinity)));
        Assert.Equal(0, m.CallI32("sat", Value.FromSingle(float.NaN)));
    }

    [Fact]
    public void UnsignedI64ToF32RoundsOnce()
    {
        var m = Instantiate("""(module (func (export "f") (param i64) (result f32) (f32.convert_i64_u (local.get 0))))""");
        // 2^63 + 2^39 + 1 is just above halfway between two floats; through a double it rounds to the
        // exact halfway point first and then ties to even, downwards.
        Assert.Equal(0x5F000001u, (uint)m.Call("f", I64(unchecked((long)0x8000_0080_0000_0001ul)))[0].Bits);
        Assert.Equal(0x5F800000u, (uint)m.Call("f", I64(-1))[0].Bits);
    }
}
