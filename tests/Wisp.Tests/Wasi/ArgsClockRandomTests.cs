using Wisp.Runtime;
using Wisp.Wasi;

namespace Wisp.Tests.Wasi;

public class ArgsClockRandomTests
{
    private const uint PastEnd = 2 * 65536 - 2;

    [Fact]
    public void ArgsAreNulTerminatedUtf8WithPointers()
    {
        using var wasi = new WasiHarness(c => c.WithArguments("prog", "ünï"));

        Assert.Equal(Errno.Success, wasi.Call("args_sizes_get", 100, 104));
        Assert.Equal(2u, wasi.ReadU32(100));
        Assert.Equal(5u + 6u, wasi.ReadU32(104));
        Assert.Equal(Errno.Success, wasi.Call("args_get", 200, 300));
        Assert.Equal(300u, wasi.ReadU32(200));
        Assert.Equal(305u, wasi.ReadU32(204));
        Assert.Equal("prog\0ünï\0", wasi.ReadString(300, 11));
    }

    [Fact]
    public void EnvironmentHoldsExactlyTheGivenVariables()
    {
        using var wasi = new WasiHarness(c => c.WithEnvironmentVariable("A", "1").WithEnvironmentVariable("B", "x=y").WithEnvironmentVariable("A", "2"));

        Assert.Equal(Errno.Success, wasi.Call("environ_sizes_get", 100, 104));
        Assert.Equal(2u, wasi.ReadU32(100));
        Assert.Equal(Errno.Success, wasi.Call("environ_get", 200, 300));
        Assert.Equal("B=x=y\0A=2\0", wasi.ReadString(300, wasi.ReadU32(104)));
    }

    [Fact]
    public void AnEmptyEnvironmentHasNoVariables()
    {
        using var wasi = new WasiHarness();

        Assert.Equal(Errno.Success, wasi.Call("environ_sizes_get", 100, 104));
        Assert.Equal(0u, wasi.ReadU32(100));
        Assert.Equal(0u, wasi.ReadU32(104));
    }

    [Theory]
    [InlineData("args_sizes_get")]
    [InlineData("args_get")]
    [InlineData("environ_sizes_get")]
    [InlineData("environ_get")]
    public void PointersPastMemoryAreFaults(string function)
    {
        using var wasi = new WasiHarness(c => c.WithArguments("a").WithEnvironmentVariable("K", "V"));

        Assert.Equal(Errno.Fault, wasi.Call(function, PastEnd, PastEnd));
    }

    [Fact]
    public void ClocksComeFromTheConfiguredClock()
    {
        var clock = new FixedClock();
        using var wasi = new WasiHarness(c => c.WithClock(clock));

        Assert.Equal(Errno.Success, wasi.Call("clock_time_get", (int)ClockId.Realtime, 0L, 100));
        Assert.Equal(1_700_000_000_000_000_000ul, wasi.ReadU64(100));
        Assert.Equal(Errno.Success, wasi.Call("clock_time_get", (int)ClockId.Monotonic, 1L, 100));
        Assert.Equal(5_000ul, wasi.ReadU64(100));
        Assert.Equal(Errno.Success, wasi.Call("clock_res_get", (int)ClockId.Monotonic, 100));
        Assert.Equal(1ul, wasi.ReadU64(100));
    }

    [Fact]
    public void TheSystemClockAdvances()
    {
        using var wasi = new WasiHarness();

        Assert.Equal(Errno.Success, wasi.Call("clock_time_get", (int)ClockId.Monotonic, 0L, 100));
        var first = wasi.ReadU64(100);
        Thread.Sleep(2);
        Assert.Equal(Errno.Success, wasi.Call("clock_time_get", (int)ClockId.Monotonic, 0L, 100));
        Assert.True(wasi.ReadU64(100) > first);
        Assert.Equal(Errno.Success, wasi.Call("clock_time_get", (int)ClockId.Realtime, 0L, 100));
        Assert.InRange(wasi.ReadU64(100), 1_600_000_000_000_000_000ul, 4_000_000_000_000_000_000ul);
    }

    [Theory]
    [InlineData("clock_res_get")]
    [InlineData("clock_time_get")]
    public void AnUnknownClockIsInvalid(string function)
    {
        using var wasi = new WasiHarness();

        Assert.Equal(Errno.Invalid, function == "clock_res_get" ? wasi.Call(function, 4, 100) : wasi.Call(function, 4, 0L, 100));
    }

    [Fact]
    public void ClockResultsPastMemoryAreFaults()
    {
        using var wasi = new WasiHarness();

        Assert.Equal(Errno.Fault, wasi.Call("clock_time_get", 0, 0L, PastEnd));
        Assert.Equal(Errno.Fault, wasi.Call("clock_res_get", 0, PastEnd));
    }

    [Fact]
    public void RandomBytesComeFromTheConfiguredSource()
    {
        using var wasi = new WasiHarness(c => c.WithRandom(new Random(7)));
        var expected = new byte[16];
        new Random(7).NextBytes(expected);

        Assert.Equal(Errno.Success, wasi.Call("random_get", 100, 16));
        Assert.Equal(expected, wasi.Memory.GetSpan(100, 16).ToArray());
    }

    [Fact]
    public void RandomBytesFillTheBuffer()
    {
        using var wasi = new WasiHarness();

        Assert.Equal(Errno.Success, wasi.Call("random_get", 100, 4096));
        Assert.Contains(wasi.Memory.GetSpan(100, 4096).ToArray(), b => b != 0);
        Assert.Equal(Errno.Fault, wasi.Call("random_get", PastEnd, 16));
        Assert.Equal(Errno.Fault, wasi.Call("random_get", 0, -1));
    }

    [Fact]
    public void SchedYieldSucceeds()
    {
        using var wasi = new WasiHarness();

        Assert.Equal(Errno.Success, wasi.Call("sched_yield"));
    }

    [Fact]
    public void ProcExitUnwindsWithTheStatusAndIsNotATrap()
    {
        using var wasi = new WasiHarness();

        var exit = Assert.Throws<WasiExitException>(() => wasi.Call("proc_exit", 17));

        Assert.Equal(17, exit.ExitCode);
    }

    [Fact]
    public void ProcRaiseTraps()
    {
        using var wasi = new WasiHarness();

        var trap = Assert.Throws<TrapException>(() => wasi.Call("proc_raise", 6));

        Assert.Contains("proc_raise(6)", trap.Message);
    }

    [Fact]
    public void ACallInAStoreWithoutAWasiConfigurationTraps()
    {
        var engine = new Engine();
        using var store = new Store(engine);
        var linker = new Linker(engine);
        linker.DefineWasi();
        var instance = linker.Instantiate(store, Module.FromText(engine, "m", """
            (module
              (import "wasi_snapshot_preview1" "random_get" (func $r (param i32 i32) (result i32)))
              (memory (export "memory") 1)
              (func (export "go") (result i32) (call $r (i32.const 0) (i32.const 4))))
            """));

        var trap = Assert.Throws<TrapException>(() => instance.GetFunction("go")!.Invoke());

        Assert.Contains("without a WASI configuration", trap.Message);
    }

    [Fact]
    public void ACallFromAnInstanceWithoutAMemoryTraps()
    {
        var engine = new Engine();
        using var store = new Store(engine);
        store.SetWasiConfiguration(new WasiConfiguration());
        var linker = new Linker(engine);
        linker.DefineWasi();
        var instance = linker.Instantiate(store, Module.FromText(engine, "m", """
            (module
              (import "wasi_snapshot_preview1" "random_get" (func $r (param i32 i32) (result i32)))
              (func (export "go") (result i32) (call $r (i32.const 0) (i32.const 4))))
            """));

        var trap = Assert.Throws<TrapException>(() => instance.GetFunction("go")!.Invoke());

        Assert.Contains("without a memory", trap.Message);
    }

    private sealed class FixedClock : IWasiClock
    {
        public ulong Now(ClockId clock) => clock == ClockId.Realtime ? 1_700_000_000_000_000_000ul : 5_000ul;

        public ulong Resolution(ClockId clock) => 1;

        public void Sleep(ulong nanoseconds)
        {
        }
    }
}
