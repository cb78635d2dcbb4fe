using Wisp.Runtime;
using static Wisp.Tests.Compilation.CompiledWat;

namespace Wisp.Tests.Compilation;

public class MemoryTests
{
    private const string Module = """
        (module (memory (export "mem") 1 3)
          (data (i32.const 16) "\01\02\03\04")
          (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
          (func (export "load_off") (param i32) (result i32) (i32.load8_u offset=65535 (local.get 0)))
          (func (export "store") (param i32 i64) (i64.store (local.get 0) (local.get 1)))
          (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
          (func (export "size") (result i32) (memory.size))
          (func (export "fill") (param i32 i32 i32) (memory.fill (local.get 0) (local.get 1) (local.get 2)))
          (func (export "copy") (param i32 i32 i32) (memory.copy (local.get 0) (local.get 1) (local.get 2))))
        """;

    [Fact]
    public void NarrowLoadsReinterpretedAsFloatKeepOnlyTheirBytes()
    {
        // Found by differential fuzzing: RyuJIT folded the bit cast of a narrow load into a 4-byte load.
        var m = Instantiate("""
            (module (memory 1)
              (data (i32.const 8) "\a0\af\a2\a3")
              (func (export "u8") (param i32) (result f32) (f32.reinterpret_i32 (i32.load8_u (local.get 0))))
              (func (export "s8") (param i32) (result f32) (f32.reinterpret_i32 (i32.load8_s (local.get 0))))
              (func (export "u16") (param i32) (result f32) (f32.reinterpret_i32 (i32.load16_u (local.get 0))))
              (func (export "tee") (param i32) (result f32)
                (local.tee 0 (i32.load8_u (local.get 0))) (f32.reinterpret_i32))
              (func (export "store") (param i32)
                (f32.store (i32.const 100) (f32.reinterpret_i32 (i32.load8_u (local.get 0)))))
              (func (export "stored") (result i32) (i32.load (i32.const 100))))
            """);

        Assert.Equal(0xA0u, (uint)m.Call("u8", I32(8))[0].Bits);
        Assert.Equal(0xFFFFFFA0u, (uint)m.Call("s8", I32(8))[0].Bits);
        Assert.Equal(0xAFA0u, (uint)m.Call("u16", I32(8))[0].Bits);
        Assert.Equal(0xAFu, (uint)m.Call("tee", I32(9))[0].Bits);
        m.Call("store", I32(9));
        Assert.Equal(0xAF, m.CallI32("stored"));
    }

    [Fact]
    public void LoadsSeeDataSegmentsLittleEndian()
    {
        var m = Instantiate(Module);
        Assert.Equal(0x04030201, m.CallI32("load", I32(16)));
    }

    [Fact]
    public void AccessesAreBoundsCheckedWithOffsetAndWidth()
    {
        var m = Instantiate(Module);
        Assert.Equal(0, m.CallI32("load", I32(65532)));
        Assert.Equal(TrapCode.MemoryOutOfBounds, m.Trap("load", I32(65533)).Code);
        Assert.Equal(TrapCode.MemoryOutOfBounds, m.Trap("load", I32(-1)).Code);
        Assert.Equal(0, m.CallI32("load_off", I32(0)));
        Assert.Equal(TrapCode.MemoryOutOfBounds, m.Trap("load_off", I32(1)).Code);
        // u32 address + u32 offset must not wrap around 2^32.
        Assert.Equal(TrapCode.MemoryOutOfBounds, m.Trap("load_off", I32(-65535)).Code);
        Assert.Equal(TrapCode.MemoryOutOfBounds, m.Trap("store", I32(65529), I64(1)).Code);
        Assert.Equal("out of bounds memory access", m.Trap("load", I32(65533)).Message);
    }

    [Fact]
    public void GrowRespectsMaximumAndNewPagesAreUsable()
    {
        var m = Instantiate(Module);
        Assert.Equal(1, m.CallI32("grow", I32(1)));
        Assert.Equal(2, m.CallI32("size"));
        m.Call("store", I32(65536 * 2 - 8), I64(-1));
        Assert.Equal(-1, m.CallI32("load", I32(65536 * 2 - 4)));
        Assert.Equal(-1, m.CallI32("grow", I32(2)));
        Assert.Equal(2, m.CallI32("grow", I32(1)));
        Assert.Equal(-1, m.CallI32("grow", I32(1)));
        Assert.Equal(3, m.CallI32("size"));
        Assert.Equal(3u, ((LinearMemory)m.Exports["mem"]).Pages);
    }

    [Fact]
    public void BulkOperationsTrapWithoutPartialWrites()
    {
        var m = Instantiate(Module);
        Assert.Equal(TrapCode.MemoryOutOfBounds, m.Trap("fill", I32(65530), I32(0xFF), I32(7)).Code);
        Assert.Equal(0, m.CallI32("load", I32(65532)));
        m.Call("fill", I32(100), I32(0xAB), I32(4));
        Assert.Equal(unchecked((int)0xABABABAB), m.CallI32("load", I32(100)));
        m.Call("copy", I32(17), I32(16), I32(4)); // overlapping: memmove semantics
        Assert.Equal(0x03020101, m.CallI32("load", I32(16)));
        Assert.Equal(TrapCode.MemoryOutOfBounds, m.Trap("copy", I32(0), I32(65535), I32(2)).Code);
    }

    [Fact]
    public void MemoryGrownByTheHostDuringACallIsSeenAfterIt()
    {
        LinearMemory? memory = null;
        var growFromHost = HostFunctionOf([], [], (_, _) => memory!.Grow(1));
        var m = Instantiate("""
            (module (import "env" "grow" (func $grow)) (memory (export "mem") 1 2)
              (func (export "grow-then-load") (result i32)
                (call $grow)
                (i32.load (i32.const 70000))))
            """, growFromHost);
        memory = (LinearMemory)m.Exports["mem"];
        Assert.Equal(0, m.CallI32("grow-then-load"));
        Assert.Equal(2u, memory.Pages);
    }
}
