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
}
