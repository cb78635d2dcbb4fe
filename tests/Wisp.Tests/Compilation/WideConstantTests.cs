using static Wisp.Tests.Compilation.CompiledWat;

namespace Wisp.Tests.Compilation;

/// <summary>
/// 64-bit constants used in loops are computed once at function entry (FunctionCompiler.WideConstants):
/// every use must still see its own value.
/// </summary>
public class WideConstantTests
{
    private const string Module = """
        (module (memory 1)
          (data (i32.const 0) "hello, wide constants")
          ;; FNV-1a over n bytes: the offset basis outside the loop, the prime inside.
          (func (export "fnv") (param $n i32) (result i64) (local $h i64) (local $i i32)
            (local.set $h (i64.const 0xcbf29ce484222325))
            (loop
              (local.set $h (i64.mul (i64.xor (local.get $h) (i64.load8_u (local.get $i))) (i64.const 0x100000001b3)))
              (br_if 0 (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
            (local.get $h))
          ;; several wide constants, one of them twice, in nested loops, beside narrow ones
          (func (export "mix") (param $n i32) (result i64) (local $h i64) (local $i i32) (local $j i32)
            (loop
              (local.set $j (i32.const 0))
              (loop
                (local.set $h (i64.add (i64.mul (local.get $h) (i64.const 0x9e3779b97f4a7c15)) (i64.const -1)))
                (local.set $h (i64.xor (local.get $h) (i64.const 0x9e3779b97f4a7c15)))
                (local.set $h (i64.add (local.get $h) (i64.const -2147483648)))
                (br_if 0 (i32.ne (local.tee $j (i32.add (local.get $j) (i32.const 1))) (i32.const 3))))
              (local.set $h (i64.rotl (local.get $h) (i64.const 0x7fffffff00000011)))
              (br_if 0 (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
            (local.get $h))
          ;; a signalling NaN's bits through f64.reinterpret_i64 and back, in a loop
          (func (export "nan-bits") (result i64) (local $x i64) (local $i i32)
            (loop
              (local.set $x (i64.reinterpret_f64 (f64.reinterpret_i64 (i64.const 0x7ff4000000000001))))
              (br_if 0 (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 2))))
            (local.get $x)))
        """;

    [Fact]
    public void LoopsSeeTheirConstants()
    {
        var m = Instantiate(Module);
        var text = "hello, wide constants"u8.ToArray();
        var fnv = 0xcbf29ce484222325ul;
        foreach (var b in text)
        {
            fnv = (fnv ^ b) * 0x100000001b3ul;
        }

        Assert.Equal(unchecked((long)fnv), m.CallI64("fnv", I32(text.Length)));

        var h = 0ul;
        for (var i = 0; i < 5; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                h = (h * 0x9e3779b97f4a7c15ul) + ulong.MaxValue;
                h ^= 0x9e3779b97f4a7c15ul;
                h += unchecked((ulong)int.MinValue);
            }

            h = ulong.RotateLeft(h, 0x11);
        }

        Assert.Equal(unchecked((long)h), m.CallI64("mix", I32(5)));
        Assert.Equal(0x7ff4000000000001L, m.CallI64("nan-bits"));
    }
}
