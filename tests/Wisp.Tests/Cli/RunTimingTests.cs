using System.Text.RegularExpressions;
using Wisp.Cli;

namespace Wisp.Tests.Cli;

/// <summary>
/// <c>wisp run</c>'s benchmark options print exactly the stderr lines the shared benchmark harness
/// parses. Only the format is checked here; the figures belong to the harness.
/// </summary>
public sealed partial class RunTimingTests : IDisposable
{
    private const string WasiHello = """
        (module
          (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
          (memory (export "memory") 1)
          (data (i32.const 16) "hi\n")
          (func (export "_start")
            (i32.store (i32.const 0) (i32.const 16))
            (i32.store (i32.const 4) (i32.const 3))
            (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
        """;

    private readonly CliTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static (int ExitCode, string Output, string Error) Wisp(params string[] args) => WispInvocation.Run(args);

    [Fact]
    public void TimePrintsTheBreakdownAfterTheGuestsOutput()
    {
        var module = _files.Write("hello.wat", WasiHello);

        var (exitCode, output, error) = Wisp("run", "--time", module);

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Equal("hi\n", output);
        Assert.Matches(BenchTimeLine(), error);
    }

    [Fact]
    public void TimeStillPrintsWhenTheGuestExitsThroughProcExit()
    {
        var module = _files.Write("exit.wat", """
            (module
              (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
              (memory (export "memory") 1)
              (func (export "_start") (call $exit (i32.const 3))))
            """);

        var (exitCode, _, error) = Wisp("run", "--time", module);

        Assert.Equal(3, exitCode);
        Assert.Matches(BenchTimeLine(), error);
    }

    [Fact]
    public void InstantiateLoopPrintsPerInstanceTimesAndRunsNothing()
    {
        var module = _files.Write("hello.wat", WasiHello);

        var (exitCode, output, error) = Wisp("run", "--time", "--instantiate-loop", "3", module);

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Empty(output);
        Assert.Matches(BenchInstantiateLine(), error);
        Assert.Contains(" n=3 ", error);
    }

    [Fact]
    public void CompileLoopPrintsFirstAndWarmTimesForCopiesThatStillDecode()
    {
        // A binary module, so that each copy gets the custom section appended to real bytes: a bad
        // section would fail to decode and the loop would report an error instead of its line.
        var module = _files.Write("m.wasm", [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]);

        var (exitCode, output, error) = Wisp("run", "--compile-loop", "2", module);

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Empty(output);
        Assert.Matches(BenchCompileLine(), error);
        Assert.Contains(" n=2 ", error);
    }

    [GeneratedRegex(@"^bench-time: runner=wisp compile_us=\d+ setup_us=\d+ instantiate_us=\d+ run_us=\d+ total_us=\d+\r?$", RegexOptions.Multiline)]
    private static partial Regex BenchTimeLine();

    [GeneratedRegex(@"^bench-instantiate: runner=wisp n=\d+ inst_us=\d+\.\d\d cycle_us=\d+\.\d\d\r?$", RegexOptions.Multiline)]
    private static partial Regex BenchInstantiateLine();

    [GeneratedRegex(@"^bench-compile: runner=wisp n=\d+ first_us=\d+ warm_us=\d+ bytes=\d+\r?$", RegexOptions.Multiline)]
    private static partial Regex BenchCompileLine();
}
