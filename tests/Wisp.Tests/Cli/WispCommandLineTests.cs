using Wisp.Cli;

namespace Wisp.Tests.Cli;

/// <summary>The CLI's behaviour, run in-process through its entry method.</summary>
public sealed class WispCommandLineTests : IDisposable
{
    private readonly CliTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static (int ExitCode, string Output, string Error) Wisp(params string[] args) => WispInvocation.Run(args);

    private static string LastLine(string text) => text.TrimEnd().Split('\n').Last().TrimEnd('\r');

    [Fact]
    public void WastPassingScriptExitsZeroWithTotalsLast()
    {
        var script = _files.Write("ok.wast", """
            (module (func (export "f") (result i32) (i32.const 7)))
            (assert_return (invoke "f") (i32.const 7))
            """);

        var (exitCode, output, _) = Wisp("wast", script);

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Equal("2 passed, 0 failed", LastLine(output));
        Assert.Contains($"{script}: 2 passed, 0 failed", output);
    }

    [Fact]
    public void WastFailuresAreListedAndExitNonZero()
    {
        var script = _files.Write("bad.wast", """
            (module (func (export "f") (result i32) (i32.const 7)))
            (assert_return (invoke "f") (i32.const 8))
            (assert_invalid (module (func (result i32))) "not the message")
            """);

        var strict = Wisp("wast", script);
        var relaxed = Wisp("wast", "--relax-messages", script);

        Assert.Equal(ExitCodes.Failure, strict.ExitCode);
        Assert.Contains($"{script}:2: assert_return (invoke \"f\"): expected i32.const 8, got i32.const 7", strict.Output);
        Assert.Equal("1 passed, 2 failed", LastLine(strict.Output));
        Assert.Equal("2 passed, 1 failed", LastLine(relaxed.Output));
    }

    [Fact]
    public void RunInvokesAnExportAndPrintsResults()
    {
        var example = Path.Combine(RepositoryRoot(), "examples", "fac.wat");

        var (exitCode, output, error) = Wisp("run", "--invoke", "fac", example, "10");

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Equal("3628800", output.Trim());
        Assert.Empty(error);
    }

    [Fact]
    public void RunAcceptsNegativeAndHexArgumentsAndPrintsEveryResult()
    {
        var module = _files.Write("m.wat", """
            (module (func (export "swap") (param i32 f64) (result f64 i32) (local.get 1) (local.get 0)))
            """);

        var (exitCode, output, _) = Wisp("run", "--invoke", "swap", module, "0xffffffff", "-2.5");

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Equal(["-2.5", "-1"], output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [Fact]
    public void RunReportsATrapWithExitCode134()
    {
        var module = _files.Write("trap.wat", """(module (func (export "boom") unreachable))""");

        var (exitCode, _, error) = Wisp("run", "--invoke", "boom", module);

        Assert.Equal(ExitCodes.Trap, exitCode);
        Assert.StartsWith("Error: unreachable", error);
    }

    [Fact]
    public void RunReportsAMalformedModuleWithItsOffset()
    {
        var module = _files.Write("bad.wasm", [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x7F]);

        var (exitCode, _, error) = Wisp("run", "--invoke", "f", module);

        Assert.Equal(ExitCodes.Failure, exitCode);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains("offset 0x", error);
    }

    [Fact]
    public void RunRefusesModulesWithImportsOtherThanWasi()
    {
        var module = _files.Write("env.wat", """(module (import "env" "f" (func (param i32 i32 i32 i32) (result i32))))""");

        var (exitCode, _, error) = Wisp("run", module);

        Assert.Equal(ExitCodes.Failure, exitCode);
        Assert.Contains("env.f", error);
    }

    [Fact]
    public void RunRejectsArgumentsThatDoNotFit()
    {
        var example = Path.Combine(RepositoryRoot(), "examples", "fac.wat");

        Assert.Equal(ExitCodes.Usage, Wisp("run", "--invoke", "fac", example).ExitCode);
        Assert.Equal(ExitCodes.Usage, Wisp("run", "--invoke", "fac", example, "ten").ExitCode);
        Assert.Equal(ExitCodes.Usage, Wisp("run", "--invoke", "nope", example).ExitCode);
    }

    [Fact]
    public void UsageErrorsExitWithTwo()
    {
        Assert.Equal(ExitCodes.Usage, Wisp("run", _files.PathOf("missing.wasm")).ExitCode);
        Assert.Equal(ExitCodes.Usage, Wisp("wast").ExitCode);
        Assert.Equal(ExitCodes.Usage, Wisp("frobnicate").ExitCode);
        Assert.Equal(ExitCodes.Usage, Wisp("run", "--invoke").ExitCode);
    }

    [Fact]
    public void VersionPrintsTheVersion()
    {
        var (exitCode, output, _) = Wisp("--version");

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.StartsWith("0.1.0", output.Trim());
    }

    internal static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Wisp.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("repository root (Wisp.slnx) not found above the test assembly");
    }
}
