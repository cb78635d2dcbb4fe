using Wisp.Runtime;

namespace Wisp.Tests.Api;

public class TrapTests
{
    private readonly Engine _engine = new();

    private Instance Instantiate(string wat) =>
        new Linker(_engine).Instantiate(new Store(_engine), Module.FromText(_engine, "traps", wat));

    [Fact]
    public void GuestTrapsSurfaceAsTrapExceptions()
    {
        var instance = Instantiate("""
            (module
              (func (export "unreachable") unreachable)
              (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1))))
            """);

        Assert.Equal(TrapCode.Unreachable, Assert.Throws<TrapException>(() => instance.GetFunction("unreachable")!.Invoke()).Code);
        var div = instance.GetFunction("div")!.WrapFunc<int, int, int>();
        Assert.Equal("integer divide by zero", Assert.Throws<TrapException>(() => div(1, 0)).Message);
        Assert.Equal("integer overflow", Assert.Throws<TrapException>(() => div(int.MinValue, -1)).Message);
        Assert.Equal(-3, div(7, -2));
    }

    [Fact]
    public void UnboundedRecursionTrapsAndTheEngineKeepsWorking()
    {
        var instance = Instantiate("""
            (module
              (func $f (export "f") (call $f))
              (func (export "ok") (result i32) (i32.const 1)))
            """);

        var trap = Assert.IsType<TrapException>(CallWithDeadline(() => instance.GetFunction("f")!.Invoke()));

        Assert.Equal(TrapCode.CallStackExhausted, trap.Code);
        Assert.Contains("call stack exhausted", trap.Message);
        Assert.Equal(1, instance.GetFunction("ok")!.WrapFunc<int>()());
        Assert.Equal(TrapCode.CallStackExhausted, Assert.IsType<TrapException>(CallWithDeadline(() => instance.GetFunction("f")!.Invoke())).Code);
    }

    /// <summary>
    /// Runs <paramref name="call"/> on its own thread and returns what it threw. A recursion that the JIT
    /// turned into a loop (a tail call) would otherwise hang the whole test run instead of failing this test.
    /// </summary>
    private static Exception? CallWithDeadline(Action call) => BackgroundCall.Run(call, TimeSpan.FromSeconds(30));

    [Fact]
    public void ATrappingStartFunctionFailsInstantiation()
    {
        var module = Module.FromText(_engine, "start", "(module (func $s unreachable) (start $s))");

        Assert.Throws<TrapException>(() => new Linker(_engine).Instantiate(new Store(_engine), module));
    }
}
