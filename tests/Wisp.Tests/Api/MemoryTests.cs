using Wisp.Runtime;

namespace Wisp.Tests.Api;

public class MemoryTests
{
    private readonly Engine _engine = new();

    [Fact]
    public void HostAndGuestSeeTheSameBytes()
    {
        var instance = new Linker(_engine).Instantiate(new Store(_engine), Module.FromText(_engine, "m", """
            (module
              (memory (export "memory") 1 3)
              (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
              (func (export "load") (param i32) (result i32) (i32.load (local.get 0))))
            """));
        var memory = instance.GetMemory("memory")!;

        instance.GetFunction("store")!.WrapAction<int, int>()(16, 0x01020304);
        memory.WriteInt32(100, -5);

        Assert.Equal(0x01020304, memory.ReadInt32(16));
        Assert.Equal([0x04, 0x03, 0x02, 0x01], memory.GetSpan(16, 4).ToArray());
        Assert.Equal(-5, instance.GetFunction("load")!.WrapFunc<int, int>()(100));
    }

    [Fact]
    public void GrowsUpToItsMaximum()
    {
        using var store = new Store(_engine);
        var memory = new Memory(store, 1, 3);

        Assert.Equal(1u, memory.Grow(2));
        Assert.Equal(3u, memory.Size);
        Assert.Equal(3UL * 65536, memory.Length);
        Assert.Throws<InvalidOperationException>(() => memory.Grow(1));
    }

    [Fact]
    public void AccessesPastTheEndTrap()
    {
        using var store = new Store(_engine);
        var memory = new Memory(store, 1);

        var trap = Assert.Throws<TrapException>(() => memory.ReadInt64(65536 - 4));
        Assert.Equal(TrapCode.MemoryOutOfBounds, trap.Code);
        memory.WriteInt64(65536 - 8, long.MinValue);
        Assert.Equal(long.MinValue, memory.ReadInt64(65536 - 8));
    }

    [Fact]
    public void ReadsAndWritesEveryWidthLittleEndian()
    {
        using var store = new Store(_engine);
        var memory = new Memory(store, 1);

        memory.WriteByte(0, 0xAB);
        memory.WriteInt16(2, -2);
        memory.WriteSingle(4, 1.5f);
        memory.WriteDouble(8, -2.25);
        var written = memory.WriteString(16, "héllo");

        Assert.Equal(0xAB, memory.ReadByte(0));
        Assert.Equal(-2, memory.ReadInt16(2));
        Assert.Equal(0xFE, memory.ReadByte(2));
        Assert.Equal(1.5f, memory.ReadSingle(4));
        Assert.Equal(-2.25, memory.ReadDouble(8));
        Assert.Equal(6, written);
        Assert.Equal("héllo", memory.ReadString(16, written));
    }

    [Fact]
    public void AHostMemoryCanBeImported()
    {
        using var store = new Store(_engine);
        var memory = new Memory(store, 1);
        memory.WriteInt32(8, 1234);
        var linker = new Linker(_engine);
        linker.Define("env", "memory", memory);
        var instance = linker.Instantiate(store, Module.FromText(_engine, "m", """
            (module
              (import "env" "memory" (memory 1))
              (func (export "grow") (result i32) (memory.grow (i32.const 1)))
              (func (export "load") (param i32) (result i32) (i32.load (local.get 0))))
            """));

        Assert.Equal(1234, instance.GetFunction("load")!.WrapFunc<int, int>()(8));
        Assert.Equal(1, instance.GetFunction("grow")!.WrapFunc<int>()());
        Assert.Equal(2u, memory.Size);
    }
}
