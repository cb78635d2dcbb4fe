using Wisp.Model;
using Wisp.Runtime;

namespace Wisp.Tests.Api;

public class FunctionTests
{
    private readonly Engine _engine = new();

    private Instance Instantiate(Linker linker, string wat) =>
        linker.Instantiate(new Store(_engine), Module.FromText(_engine, "test", wat));

    [Fact]
    public void GuestCallsATypedHostFunction()
    {
        var linker = new Linker(_engine);
        linker.DefineFunction("env", "add", (int a, int b) => a + b);
        var instance = Instantiate(linker, """
            (module
              (import "env" "add" (func $add (param i32 i32) (result i32)))
              (func (export "run") (param i32) (result i32) (call $add (local.get 0) (i32.const 10))))
            """);

        Assert.Equal(42, instance.GetFunction("run")!.WrapFunc<int, int>()(32));
    }

    [Fact]
    public void HostActionsReceiveEveryNumericType()
    {
        var seen = new List<string>();
        var linker = new Linker(_engine);
        linker.DefineFunction("env", "see", (int i, long l, float f, double d) => seen.Add($"{i} {l} {f} {d}"));
        var instance = Instantiate(linker, """
            (module
              (import "env" "see" (func $see (param i32 i64 f32 f64)))
              (func (export "run") (call $see (i32.const -1) (i64.const 5000000000) (f32.const 1.5) (f64.const -0.25))))
            """);

        instance.GetFunction("run")!.WrapAction()();

        Assert.Equal(["-1 5000000000 1.5 -0.25"], seen);
    }

    [Fact]
    public void ExternrefsPassThroughGuestCodeByIdentity()
    {
        var token = new object();
        object? received = null;
        var linker = new Linker(_engine);
        linker.DefineFunction("env", "keep", (object o) => { received = o; });
        var instance = Instantiate(linker, """
            (module
              (import "env" "keep" (func $keep (param externref)))
              (func (export "echo") (param externref) (result externref) (call $keep (local.get 0)) (local.get 0)))
            """);

        var result = instance.GetFunction("echo")!.WrapFunc<object, object>()(token);

        Assert.Same(token, result);
        Assert.Same(token, received);
    }

    [Fact]
    public void AHostExceptionReachesTheCallerAsAHostErrorTrap()
    {
        var linker = new Linker(_engine);
        linker.DefineFunction("env", "fail", () => throw new InvalidOperationException("boom"));
        var instance = Instantiate(linker, """
            (module
              (import "env" "fail" (func $fail))
              (func (export "run") (call $fail)))
            """);

        var trap = Assert.Throws<TrapException>(() => instance.GetFunction("run")!.Invoke());

        Assert.Equal(TrapCode.HostError, trap.Code);
        Assert.Contains("boom", trap.Message);
    }

    [Fact]
    public void UntypedHostFunctionsCanReturnSeveralValues()
    {
        var linker = new Linker(_engine);
        linker.DefineFunction("env", "pair", new FunctionType([ValType.I32], [ValType.I32, ValType.I64]), (args, results) =>
        {
            results[0] = Value.FromInt32(args[0].AsInt32 + 1);
            results[1] = Value.FromInt64(args[0].AsInt32 * 2L);
        });
        var instance = Instantiate(linker, """
            (module
              (import "env" "pair" (func $pair (param i32) (result i32 i64)))
              (func (export "run") (param i32) (result i32 i64) (call $pair (local.get 0))))
            """);

        var results = instance.GetFunction("run")!.Invoke(Value.FromInt32(20));

        Assert.Equal([Value.FromInt32(21), Value.FromInt64(40)], results);
    }

    [Fact]
    public void InvokeChecksArgumentsAndTypedWrappersCheckTheSignature()
    {
        var instance = Instantiate(new Linker(_engine), """(module (func (export "neg") (param i64) (result i64) (i64.sub (i64.const 0) (local.get 0))))""");
        var neg = instance.GetFunction("neg")!;

        Assert.Equal(-7L, neg.Invoke<long>(Value.FromInt64(7)));
        Assert.Throws<ArgumentException>(() => neg.Invoke(Value.FromInt32(7)));
        Assert.Throws<ArgumentException>(() => neg.Invoke());
        Assert.Throws<InvalidOperationException>(() => neg.WrapFunc<int, int>());
        Assert.Throws<InvalidOperationException>(() => neg.Invoke<int>(Value.FromInt64(7)));
    }

    [Fact]
    public void FromCallbackMakesACallableFunctionWithoutAModule()
    {
        var square = Function.FromCallback(new FunctionType([ValType.F64], [ValType.F64]), (args, results) =>
            results[0] = Value.FromDouble(args[0].AsDouble * args[0].AsDouble));

        Assert.Equal(6.25, square.WrapFunc<double, double>()(2.5));
        Assert.Equal(ExternalKind.Function, square.Kind);
    }

    [Fact]
    public void UnsupportedClrTypesAreRejectedWhenDefining()
    {
        var linker = new Linker(_engine);
        Assert.Throws<NotSupportedException>(() => linker.DefineFunction("env", "f", (string s) => s.Length));
    }
}
