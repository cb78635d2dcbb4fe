using Wisp.Compilation;
using Wisp.Loader.Binary;
using Wisp.Loader.Text;

namespace Wisp.Tests.Compilation;

/// <summary>
/// <see cref="Engine.JitInBackground"/>: the order in which <see cref="BackgroundJit"/> jits a module's
/// functions, and modules compiled with it running as without it.
/// </summary>
public class BackgroundJitTests
{
    /// <summary>
    /// Imported $log is function 0, so defined indices are function indices minus one: $start 0, $main 1,
    /// $helper 2, $leaf 3, $unused 4, $other 5, $shared 6.
    /// </summary>
    private const string Program = """
        (module
          (import "host" "log" (func $log (param i32)))
          (func $start (call $shared))
          (func $main (export "main") (result i32) (call $log (i32.const 1)) (call $helper) (call $leaf) (i32.add))
          (func $helper (result i32) (call $leaf))
          (func $leaf (result i32) (i32.const 20))
          (func $unused (result i32) (i32.const 99))
          (func $other (export "other") (result i32) (call $shared) (i32.const 2))
          (func $shared)
          (start $start))
        """;

    [Fact]
    public void OrderIsTheStartFunctionThenExportsEachFollowedDepthFirstByItsDirectCalleesInCallOrder()
    {
        var order = BackgroundJit.CallOrder(ModuleDecoder.Decode(WatParser.ParseModule(Program)));

        // $start, $shared (its callee), $main, $helper, $leaf (via $helper; $main's own call to it comes later), $other.
        // $unused is never called directly, so it is left to its first call; the import has no code.
        Assert.Equal([0, 6, 1, 2, 3, 5], order);
    }

    [Fact]
    public void OrderEndsOnceTheBudgetOfBodyBytesIsSpent()
    {
        var module = ModuleDecoder.Decode(WatParser.ParseModule(Program));
        var startBody = module.Bodies[0].Code.Length;

        Assert.Equal([0], BackgroundJit.CallOrder(module, budget: startBody));
        Assert.Equal([0, 6], BackgroundJit.CallOrder(module, budget: startBody + 1));
    }

    [Fact]
    public void ModulesJittedInTheBackgroundRunAsWithout()
    {
        var results = new List<int>();
        foreach (var background in new[] { false, true })
        {
            var engine = new Engine { JitInBackground = background };
            var module = Module.FromText(engine, "program", Program);
            var logged = new List<int>();
            var linker = new Linker(engine);
            linker.DefineFunction("host", "log", (int value) => logged.Add(value));
            var instance = linker.Instantiate(new Store(engine), module);

            results.Add(instance.GetFunction("main")!.WrapFunc<int>()());
            results.Add(instance.GetFunction("other")!.WrapFunc<int>()());
            Assert.Equal([1], logged);
        }

        Assert.Equal([40, 2, 40, 2], results);
    }
    [Fact]
    public void OnceJittedARecursiveFunctionCallsItselfThroughItsCode()
    {
        // Recursive calls go through the module's entry points, which start as the methods' precodes
        // (RyuJIT compiles the call before the method has code) and become the code once jitted.
        var engine = new Engine { JitInBackground = false };
        var module = Module.FromText(engine, "fac", """
            (module
              (func $fac (export "fac") (param i64) (result i64)
                (if (result i64) (i64.eqz (local.get 0))
                  (then (i64.const 1))
                  (else (i64.mul (local.get 0) (call $fac (i64.sub (local.get 0) (i64.const 1))))))))
            """);
        var fac = new Linker(engine).Instantiate(new Store(engine), module).GetFunction("fac")!.WrapFunc<long, long>();
        var precode = module.Compiled.FunctionCode[0];
        Assert.Equal(120, fac(5));

        BackgroundJit.JitInCallOrder(module.Compiled);

        Assert.NotEqual(precode, module.Compiled.FunctionCode[0]);
        Assert.Equal(3_628_800, fac(10));
    }
}
