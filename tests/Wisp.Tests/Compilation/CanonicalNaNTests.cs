using Wisp.Runtime;
using Xunit;

namespace Wisp.Tests.Compilation;

public class CanonicalNaNTests
{
    private const string Wat = """
        (module
          (func (export "f64_max") (param i64 f64) (result i64)
            (i64.reinterpret_f64 (f64.max (f64.reinterpret_i64 (local.get 0)) (local.get 1))))
          (func (export "f32_add") (param i32 f32) (result i32)
            (i32.reinterpret_f32 (f32.add (f32.reinterpret_i32 (local.get 0)) (local.get 1))))
          (func (export "f64_sqrt") (param f64) (result i64)
            (i64.reinterpret_f64 (f64.sqrt (local.get 0))))
          (func (export "f32_demote") (param i64) (result i32)
            (i32.reinterpret_f32 (f32.demote_f64 (f64.reinterpret_i64 (local.get 0)))))
          (func (export "f32x4_mul") (param i32 f32) (result i32 i32)
            (local v128)
            (local.set 2 (f32x4.mul (f32x4.replace_lane 1 (f32x4.splat (local.get 1)) (f32.reinterpret_i32 (local.get 0)))
                                    (f32x4.splat (f32.const 2))))
            (i32.reinterpret_f32 (f32x4.extract_lane 0 (local.get 2)))
            (i32.reinterpret_f32 (f32x4.extract_lane 1 (local.get 2))))
          (func (export "f64x2_add") (param i64) (result i64 i64)
            (local v128)
            (local.set 1 (f64x2.add (f64x2.replace_lane 0 (f64x2.splat (f64.const 1.5)) (f64.reinterpret_i64 (local.get 0)))
                                    (f64x2.splat (f64.const 1))))
            (i64.reinterpret_f64 (f64x2.extract_lane 0 (local.get 1)))
            (i64.reinterpret_f64 (f64x2.extract_lane 1 (local.get 1))))
          (func (export "f32_neg") (param i32) (result i32)
            (i32.reinterpret_f32 (f32.neg (f32.reinterpret_i32 (local.get 0))))))
        """;

    private const long NegativePayloadNaN64 = unchecked((long)0xFFFF_FFFF_FFFF_FFB4);
    private const long CanonicalNaN64 = 0x7FF8_0000_0000_0000;
    private const int PayloadNaN32 = unchecked((int)0xFFC0_1234);
    private const int CanonicalNaN32 = 0x7FC0_0000;

    private static Instance Instantiate(bool canonicalize)
    {
        var engine = new Engine { CanonicalizeNaNs = canonicalize };
        var module = Module.FromText(engine, "nans", Wat);
        return new Linker(engine).Instantiate(new Store(engine), module);
    }

    private static Value[] Call(Instance instance, string name, params Value[] arguments) =>
        instance.GetFunction(name)!.Invoke(arguments);

    [Fact]
    public void ScalarNaNResultsBecomeCanonical()
    {
        var instance = Instantiate(canonicalize: true);

        Assert.Equal(CanonicalNaN64, Call(instance, "f64_max", Value.FromInt64(NegativePayloadNaN64), Value.FromDouble(1))[0].AsInt64);
        Assert.Equal(CanonicalNaN32, Call(instance, "f32_add", Value.FromInt32(PayloadNaN32), Value.FromSingle(1))[0].AsInt32);
        Assert.Equal(CanonicalNaN64, Call(instance, "f64_sqrt", Value.FromDouble(-1))[0].AsInt64);
        Assert.Equal(CanonicalNaN32, Call(instance, "f32_demote", Value.FromInt64(NegativePayloadNaN64))[0].AsInt32);
    }

    [Fact]
    public void SimdNaNLanesBecomeCanonicalAndOtherLanesStay()
    {
        var instance = Instantiate(canonicalize: true);

        var f32 = Call(instance, "f32x4_mul", Value.FromInt32(PayloadNaN32), Value.FromSingle(3));
        Assert.Equal(6f, BitConverter.Int32BitsToSingle(f32[0].AsInt32));
        Assert.Equal(CanonicalNaN32, f32[1].AsInt32);
        var f64 = Call(instance, "f64x2_add", Value.FromInt64(NegativePayloadNaN64));
        Assert.Equal(CanonicalNaN64, f64[0].AsInt64);
        Assert.Equal(2.5, BitConverter.Int64BitsToDouble(f64[1].AsInt64));
    }

    [Fact]
    public void OrdinaryResultsAndSignOperationsAreUnchanged()
    {
        var instance = Instantiate(canonicalize: true);

        Assert.Equal(BitConverter.SingleToInt32Bits(3.5f), Call(instance, "f32_add", Value.FromInt32(BitConverter.SingleToInt32Bits(1.25f)), Value.FromSingle(2.25f))[0].AsInt32);
        // neg is a bit operation in Wasm: the payload survives, only the sign flips.
        Assert.Equal(0x7FC0_1234, Call(instance, "f32_neg", Value.FromInt32(PayloadNaN32))[0].AsInt32);
    }

    [Fact]
    public void WithoutTheOptionNaNPayloadsAreNotRewritten()
    {
        var instance = Instantiate(canonicalize: false);

        // x86 keeps the NaN operand's payload; the point is only that the option is what canonicalises.
        Assert.NotEqual(CanonicalNaN32, Call(instance, "f32_add", Value.FromInt32(PayloadNaN32), Value.FromSingle(1))[0].AsInt32);
    }
}
