using Wisp.Cli;

namespace Wisp.Tests.Cli;

/// <summary><c>wisp compile</c>, and how <c>wisp run</c> uses precompiled files and the cache.</summary>
public sealed class CompileSubcommandTests : IDisposable
{
    private const string Program = """
        (module $prog
          (func $fac (export "fac") (param i64) (result i64)
            (if (result i64) (i64.eqz (local.get 0))
              (then (i64.const 1))
              (else (i64.mul (local.get 0) (call $fac (i64.sub (local.get 0) (i64.const 1)))))))
          (func $boom (export "boom") unreachable))
        """;

    private readonly CliTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static (int ExitCode, string Output, string Error) Wisp(params string[] args) => WispInvocation.Run(args);

    [Fact]
    public void CompileOutputRunsWithAllowPrecompiled()
    {
        var source = _files.Write("prog.wat", Program);

        var compile = Wisp("compile", source);
        var run = Wisp("run", "--allow-precompiled", "--invoke", "fac", _files.PathOf("prog.wisp"), "20");

        Assert.Equal(ExitCodes.Success, compile.ExitCode);
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal("2432902008176640000", run.Output.Trim());
    }

    [Fact]
    public void PrecompiledTrapsNameTheirFunctions()
    {
        var source = _files.Write("prog.wat", Program);
        var target = _files.PathOf("out.bin");

        Assert.Equal(ExitCodes.Success, Wisp("compile", source, "-o", target).ExitCode);
        var (exitCode, _, error) = Wisp("run", "--allow-precompiled", "--invoke", "boom", target);

        Assert.Equal(ExitCodes.Trap, exitCode);
        Assert.Contains("at prog!boom", error);
    }

    [Fact]
    public void RunRefusesAPrecompiledFileWithoutTheFlag()
    {
        var source = _files.Write("prog.wat", Program);
        Wisp("compile", source);

        var (exitCode, _, error) = Wisp("run", "--invoke", "fac", _files.PathOf("prog.wisp"), "3");

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Contains("--allow-precompiled", error);
    }

    [Fact]
    public void RunRefusesADamagedPrecompiledFile()
    {
        var source = _files.Write("prog.wat", Program);
        Wisp("compile", source);
        var path = _files.PathOf("prog.wisp");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 10)]);

        var (exitCode, _, error) = Wisp("run", "--allow-precompiled", "--invoke", "fac", path, "3");

        Assert.Equal(ExitCodes.Failure, exitCode);
        Assert.Contains("damaged", error);
    }

    [Fact]
    public void CompileReportsAnInvalidModule()
    {
        var source = _files.Write("bad.wat", "(module (func (result i32) (i64.const 1)))");

        var (exitCode, _, error) = Wisp("compile", source);

        Assert.Equal(ExitCodes.Failure, exitCode);
        Assert.StartsWith("Error:", error);
        Assert.False(File.Exists(_files.PathOf("bad.wisp")));
    }

    [Fact]
    public void RunFillsTheCacheDirectoryGivenAndNotWithNoCache()
    {
        var source = _files.Write("prog.wat", Program);
        var cache = _files.PathOf("cache");
        var uncached = _files.PathOf("uncached");

        var first = Wisp("run", "--cache-dir", cache, "--invoke", "fac", source, "5");
        var second = Wisp("run", "--cache-dir", cache, "--invoke", "fac", source, "5");
        var none = Wisp("run", "--no-cache", "--cache-dir", uncached, "--invoke", "fac", source, "5");

        Assert.Equal(("120", "120", "120"), (first.Output.Trim(), second.Output.Trim(), none.Output.Trim()));
        Assert.Single(Directory.GetFiles(cache, "*.wispc"));
        Assert.False(Directory.Exists(uncached));
    }

    [Fact]
    public void RunKeepsTheCacheUnderTheSizeLimitGiven()
    {
        var cache = _files.PathOf("cache");
        var first = _files.Write("first.wat", Program);
        var second = _files.Write("second.wat", Program.Replace("fac", "fact", StringComparison.Ordinal));

        Wisp("run", "--cache-dir", cache, "--invoke", "fac", first, "5");
        var entry = Assert.Single(Directory.GetFiles(cache, "*.wispc"));
        // The sweep marker would hold the next sweep off for an hour; pretend it is older.
        File.SetLastWriteTimeUtc(Path.Combine(cache, ".last-sweep"), DateTime.UtcNow.AddDays(-1));
        var run = Wisp("run", "--cache-dir", cache, "--cache-size-limit", "1KiB", "--invoke", "fact", second, "5");

        Assert.Equal("120", run.Output.Trim());
        Assert.NotEqual(entry, Assert.Single(Directory.GetFiles(cache, "*.wispc")));
    }

    [Fact]
    public void RunRefusesAMalformedCacheSizeLimit()
    {
        var source = _files.Write("prog.wat", Program);

        var (exitCode, _, error) = Wisp("run", "--cache-size-limit", "lots", "--invoke", "fac", source, "5");

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Contains("--cache-size-limit lots", error);
    }
}
