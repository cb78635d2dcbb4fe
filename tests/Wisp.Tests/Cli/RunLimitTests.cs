using System.Diagnostics;
using Wisp.Cli;

namespace Wisp.Tests.Cli;

/// <summary><c>wisp run --fuel/--timeout/--max-memory/--max-wasm-stack/--explicit-bounds-checks</c>, in-process.</summary>
public sealed class RunLimitTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private readonly CliTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static (int ExitCode, string Output, string Error) Wisp(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = 0;
        var thrown = BackgroundCall.Run(() => exitCode = WispCommandLine.Run(args, output, error), Limit);
        Assert.Null(thrown);
        return (exitCode, output.ToString(), error.ToString());
    }

    private string Forever() => _files.Write("forever.wat", """(module (func (export "_start") (loop $l (br $l))))""");

    private string Guest() => _files.Write("guest.wat", """
        (module
          (memory (export "memory") 1)
          (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
          (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
          (func (export "spin") (param i32)
            (loop $l
              (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
              (br_if $l (local.get 0))))
          (func $depth (export "depth") (param i32) (result i32)
            (if (result i32) (local.get 0)
              (then (i32.add (i32.const 1) (call $depth (i32.sub (local.get 0) (i32.const 1)))))
              (else (i32.const 0)))))
        """);

    [Fact]
    public void ExplicitBoundsChecksCompileDifferentlyAndTrapTheSame()
    {
        var guest = Guest();
        var cache = _files.PathOf("cache");

        var guarded = Wisp("run", "--cache-dir", cache, "--invoke", "load", guest, "65536");
        var checkedRun = Wisp("run", "--explicit-bounds-checks", "--cache-dir", cache, "--invoke", "load", guest, "65536");
        var inBounds = Wisp("run", "--explicit-bounds-checks", "--cache-dir", cache, "--invoke", "load", guest, "65532");

        Assert.Equal((ExitCodes.Trap, ExitCodes.Trap, ExitCodes.Success), (guarded.ExitCode, checkedRun.ExitCode, inBounds.ExitCode));
        Assert.Contains("out of bounds memory access", guarded.Error, StringComparison.Ordinal);
        Assert.Contains("out of bounds memory access", checkedRun.Error, StringComparison.Ordinal);
        Assert.Equal("0", inBounds.Output.Trim());
        // Two cache entries where guard pages work (the setting changes the code), one elsewhere.
        Assert.Equal(Engine.GuardPagesSupported ? 2 : 1, Directory.GetFiles(cache, "*.wispc").Length);
    }

    [Fact]
    public void TimeoutInterruptsAnInfiniteLoop()
    {
        var clock = Stopwatch.StartNew();

        var (exitCode, _, error) = Wisp("run", "--timeout", "300ms", Forever());

        Assert.Equal(ExitCodes.Trap, exitCode);
        Assert.StartsWith("Error: interrupted", error);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(250), $"ended after {clock.Elapsed}, before the timeout");
    }

    [Theory]
    [InlineData("3000ms")]
    [InlineData("1s")]
    [InlineData("2m")]
    [InlineData("1h")]
    [InlineData("1.5")]
    [InlineData("3")]
    public void TimeoutAcceptsDurationsWithUnitsOrPlainSeconds(string duration)
    {
        var (exitCode, _, error) = Wisp("run", "--timeout", duration, "--invoke", "spin", Guest(), "1000");

        Assert.True(exitCode == ExitCodes.Success, error);
    }

    [Theory]
    [InlineData("--timeout", "1x")]
    [InlineData("--timeout", "ms")]
    [InlineData("--timeout", "0s")]
    [InlineData("--timeout", "-1s")]
    [InlineData("--fuel", "-1")]
    [InlineData("--fuel", "lots")]
    [InlineData("--max-memory", "1GB")]
    [InlineData("--max-wasm-stack", "0")]
    public void MalformedLimitsAreUsageErrors(string flag, string value)
    {
        var (exitCode, _, error) = Wisp("run", flag, value, Guest());

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.StartsWith($"Error: {flag} {value}:", error);
    }

    [Fact]
    public void FuelBoundsTheWorkDone()
    {
        // spin(10): 1 unit at entry and 6 per iteration.
        var enough = Wisp("run", "--fuel", "61", "--invoke", "spin", Guest(), "10");
        var tooLittle = Wisp("run", "--fuel", "60", "--invoke", "spin", Guest(), "10");
        var forever = Wisp("run", "--fuel", "100000", Forever());

        Assert.True(enough.ExitCode == ExitCodes.Success, enough.Error);
        Assert.Equal(ExitCodes.Trap, tooLittle.ExitCode);
        Assert.StartsWith("Error: all fuel consumed", tooLittle.Error);
        Assert.Equal(ExitCodes.Trap, forever.ExitCode);
        Assert.StartsWith("Error: all fuel consumed", forever.Error);
    }

    [Fact]
    public void MaxMemoryCapsGrowthAndRefusesLargerModules()
    {
        var grown = Wisp("run", "--max-memory", "131072", "--invoke", "grow", Guest(), "1");
        var refused = Wisp("run", "--max-memory", "131072", "--invoke", "grow", Guest(), "2");
        var tooSmall = Wisp("run", "--max-memory", "65535", "--invoke", "grow", Guest(), "0");

        Assert.Equal((ExitCodes.Success, "1\n"), (grown.ExitCode, grown.Output));
        Assert.Equal((ExitCodes.Success, "-1\n"), (refused.ExitCode, refused.Output));
        Assert.Equal(ExitCodes.Failure, tooSmall.ExitCode);
        Assert.Contains("memory limit", tooSmall.Error);
    }

    [Fact]
    public void MaxWasmStackBoundsRecursionAndCanExceedTheDefaultThreadStack()
    {
        var shallow = Wisp("run", "--max-wasm-stack", "65536", "--invoke", "depth", Guest(), "100");
        var deep = Wisp("run", "--max-wasm-stack", "65536", "--invoke", "depth", Guest(), "5000");
        // About 50 MB of frames: more than a default thread stack, within a 256 MB budget.
        var large = Wisp("run", "--max-wasm-stack", "268435456", "--invoke", "depth", Guest(), "1000000");

        Assert.Equal((ExitCodes.Success, "100\n"), (shallow.ExitCode, shallow.Output));
        Assert.Equal(ExitCodes.Trap, deep.ExitCode);
        Assert.StartsWith("Error: call stack exhausted", deep.Error);
        Assert.True(large.ExitCode == ExitCodes.Success, large.Error);
        Assert.Equal("1000000\n", large.Output);
    }
}
