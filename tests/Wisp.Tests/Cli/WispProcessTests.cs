using System.Diagnostics;
using Wisp.Cli;

namespace Wisp.Tests.Cli;

/// <summary>Runs the built <c>wisp</c> assembly as its own process, as a user would.</summary>
public sealed class WispProcessTests : IDisposable
{
    private readonly CliTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task WastRunsEndToEnd()
    {
        var script = _files.Write("e2e.wast", """
            (module (func (export "sq") (param i64) (result i64) (i64.mul (local.get 0) (local.get 0))))
            (assert_return (invoke "sq" (i64.const 9)) (i64.const 81))
            (assert_return (invoke "sq" (i64.const 3)) (i64.const 10))
            """);
        var (exitCode, output, error) = await RunWispAsync("wast", script);

        Assert.True(ExitCodes.Failure == exitCode, $"exit code {exitCode}; stderr: {error}");
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("2 passed, 1 failed", lines[^1]);
        Assert.Contains($"{script}:3: assert_return (invoke \"sq\" (i64.const 3)): expected i64.const 10, got i64.const 9", lines);
    }

    [Fact]
    public async Task RunWritesTheGuestsOutputAndItsOwnToTheProcessStreamsInOrder()
    {
        // f writes "guest\n" to its stdout and "note\n" to its stderr through WASI, then returns 7, which wisp prints.
        var module = _files.Write("io.wat", """
            (module
              (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
              (memory (export "memory") 1)
              (data (i32.const 16) "guest\n")
              (data (i32.const 32) "note\n")
              (func (export "f") (result i32)
                (i32.store (i32.const 0) (i32.const 16)) (i32.store (i32.const 4) (i32.const 6))
                (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
                (i32.store (i32.const 0) (i32.const 32)) (i32.store (i32.const 4) (i32.const 5))
                (drop (call $fd_write (i32.const 2) (i32.const 0) (i32.const 1) (i32.const 8)))
                (i32.const 7)))
            """);
        var (exitCode, output, error) = await RunWispAsync("run", "--no-cache", "--time", "--invoke", "f", module);

        Assert.True(ExitCodes.Success == exitCode, $"exit code {exitCode}; stderr: {error}");
        Assert.Equal("guest\n7\n", output);
        Assert.StartsWith("note\nbench-time: runner=wisp ", error);
    }

    /// <summary>Runs the built <c>wisp.dll</c> with <paramref name="arguments"/> in its own process; fails after a minute.</summary>
    private static async Task<(int ExitCode, string Output, string Error)> RunWispAsync(params string[] arguments)
    {
        var wisp = Path.Combine(AppContext.BaseDirectory, "wisp.dll");
        Assert.True(File.Exists(wisp), $"{wisp} was not built next to the tests");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(wisp);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var errorTask = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, output, await errorTask);
    }
}
