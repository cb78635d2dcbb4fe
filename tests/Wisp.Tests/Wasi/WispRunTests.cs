using Wisp.Cli;
using Wisp.Tests.Cli;

namespace Wisp.Tests.Wasi;

/// <summary><c>wisp run</c> with WASI guests, in-process: flags, guest arguments, exit statuses.</summary>
public sealed class WispRunTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("wisp-run-");

    public void Dispose() => _directory.Delete(recursive: true);

    private static (int ExitCode, string Output, string Error) Wisp(params string[] args) => WispInvocation.Run(args);

    [Fact]
    public void EverythingAfterTheModuleBelongsToTheGuest()
    {
        var module = ExampleGuest.PathOf("args-env");

        var (exitCode, output, _) = Wisp("run", module, "--dir", "/", "--env", "X=1", "--exit", "9");

        Assert.Equal(9, exitCode);
        Assert.Equal($"argc=7\nargv[0]={module}\nargv[1]=--dir\nargv[2]=/\nargv[3]=--env\nargv[4]=X=1\nargv[5]=--exit\nargv[6]=9\n", output);
    }

    [Fact]
    public void EnvironmentHoldsOnlyWhatWasGiven()
    {
        Environment.SetEnvironmentVariable("WISP_TEST_HOST_VALUE", "from-host");

        var (exitCode, output, _) = Wisp("run", "--env", "A=1", "--env", "WISP_TEST_HOST_VALUE", "--env", "WISP_TEST_UNSET_NAME", ExampleGuest.PathOf("args-env"));

        Assert.Equal(0, exitCode);
        Assert.EndsWith("env A=1\nenv WISP_TEST_HOST_VALUE=from-host\n", output);
        Assert.Equal(2, output.Split('\n').Count(l => l.StartsWith("env ", StringComparison.Ordinal)));
    }

    [Fact]
    public void InheritEnvPassesTheHostEnvironment()
    {
        Environment.SetEnvironmentVariable("WISP_TEST_INHERITED", "yes");

        var (_, output, _) = Wisp("run", "--inherit-env", ExampleGuest.PathOf("args-env"));

        Assert.Contains("env WISP_TEST_INHERITED=yes\n", output);
    }

    [Fact]
    public void DirPreopensWithAGuestNameAndNestedPreopensWork()
    {
        var outer = _directory.CreateSubdirectory("outer");
        var inner = _directory.CreateSubdirectory("inner");
        File.WriteAllText(Path.Combine(outer.FullName, "a.txt"), "outer\n");
        File.WriteAllText(Path.Combine(inner.FullName, "b.txt"), "inner\n");

        var (exitCode, output, error) = Wisp("run", "--dir", $"{outer.FullName}::/", "--dir", $"{inner.FullName}::/out", ExampleGuest.PathOf("cat"), "/a.txt", "/out/b.txt", "a.txt");

        Assert.True(exitCode == 0, error);
        Assert.Equal("outer\ninner\nouter\n", output);
    }

    [Fact]
    public void TheFilesExampleRunsInAPreopenedDirectory()
    {
        var (exitCode, output, _) = Wisp("run", "--dir", $"{_directory.FullName}::/data", ExampleGuest.PathOf("files"), "/data");

        Assert.Equal(0, exitCode);
        Assert.EndsWith("0 failures\n", output);
    }

    [Fact]
    public void AFileOutsideThePreopensCannotBeRead()
    {
        var (exitCode, output, error) = Wisp("run", "--dir", $"{_directory.FullName}::/data", ExampleGuest.PathOf("cat"), "/etc/passwd");

        Assert.Equal(1, exitCode);
        Assert.Empty(output);
        Assert.Contains("/etc/passwd", error);
    }

    [Fact]
    public void ProcExitSetsTheExitStatus()
    {
        var module = Path.Combine(_directory.FullName, "exit.wat");
        File.WriteAllText(module, """
            (module
              (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
              (memory (export "memory") 1)
              (func (export "_start") (call $exit (i32.const 42)) unreachable))
            """);

        var (exitCode, _, error) = Wisp("run", module);

        Assert.Equal(42, exitCode);
        Assert.Empty(error);
    }

    [Fact]
    public void ATrapInAWasiGuestExitsWith134()
    {
        var module = Path.Combine(_directory.FullName, "trap.wat");
        File.WriteAllText(module, """
            (module
              (import "wasi_snapshot_preview1" "fd_write" (func $w (param i32 i32 i32 i32) (result i32)))
              (memory (export "memory") 1)
              (func (export "_start") unreachable))
            """);

        var (exitCode, _, error) = Wisp("run", module);

        Assert.Equal(ExitCodes.Trap, exitCode);
        Assert.StartsWith("Error: unreachable", error);
    }

    [Fact]
    public void AMissingPreopenDirectoryIsAUsageError()
    {
        var (exitCode, _, error) = Wisp("run", "--dir", Path.Combine(_directory.FullName, "nope"), ExampleGuest.PathOf("args-env"));

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Contains("--dir", error);
    }

    [Fact]
    public void TcpListenHandsTheGuestAListeningSocket()
    {
        var module = Path.Combine(_directory.FullName, "listen.wat");
        // fd 3 is the listener: its fdstat says socket_stream (6); print that type as one digit.
        File.WriteAllText(module, """
            (module
              (import "wasi_snapshot_preview1" "fd_fdstat_get" (func $stat (param i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
              (memory (export "memory") 1)
              (func (export "_start")
                (drop (call $stat (i32.const 3) (i32.const 100)))
                (call $exit (i32.load8_u (i32.const 100)))))
            """);

        var (exitCode, _, error) = Wisp("run", "--tcplisten", "127.0.0.1:0", module);

        Assert.True(exitCode == 6, error);
    }
}
