using Wisp.Runtime;

namespace Wisp.Tests.Runtime;

public class TrapBacktraceTests
{
    private readonly Engine _engine = new();

    private Instance Instantiate(string wat) =>
        new Linker(_engine).Instantiate(new Store(_engine), Module.FromText(_engine, "backtrace", wat));

    [Fact]
    public void TheTrappingFunctionIsNamedFromTheNameSection()
    {
        var instance = Instantiate("""
            (module $app
              (func $boom (export "boom") unreachable))
            """);

        var trap = Assert.Throws<TrapException>(() => instance.GetFunction("boom")!.Invoke());

        Assert.Equal("app!boom", trap.WasmBacktrace[0]);
    }

    [Fact]
    public void FunctionsWithoutNamesAreNumbered()
    {
        var instance = Instantiate("""
            (module
              (func (export "boom") (result i32) (i32.div_u (i32.const 1) (i32.const 0))))
            """);

        var trap = Assert.Throws<TrapException>(() => instance.GetFunction("boom")!.Invoke());

        Assert.Equal("<module>!<wasm function 0>", trap.WasmBacktrace[0]);
    }

    [Fact]
    public void RunawayRecursionListsABoundedNumberOfFrames()
    {
        var instance = Instantiate("""
            (module $deep
              (func $down (export "down") (param i32) (result i32)
                (i32.add (call $down (i32.add (local.get 0) (i32.const 1))) (i32.const 1))))
            """);

        TrapException? trap = null;
        // Guest code runs on a thread with a known stack, as the runner and CLI do.
        var thread = new Thread(() => trap = Assert.Throws<TrapException>(() => instance.GetFunction("down")!.Invoke(Value.FromInt32(0))), 8 << 20);
        thread.Start();
        thread.Join();

        Assert.NotNull(trap);
        Assert.Equal(TrapCode.CallStackExhausted, trap.Code);
        Assert.InRange(trap.WasmBacktrace.Count, 2, 65);
        Assert.Equal("deep!down", trap.WasmBacktrace[0]);
        Assert.StartsWith("... ", trap.WasmBacktrace[^1]);
    }
}
