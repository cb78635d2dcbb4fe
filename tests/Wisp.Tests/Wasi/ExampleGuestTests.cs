namespace Wisp.Tests.Wasi;

/// <summary>The C example guests, built with clang and wasi-libc, run to completion with the expected output.</summary>
public sealed class ExampleGuestTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("wisp-example-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public void ArgumentsAndEnvironmentReachTheGuestAndNothingElse()
    {
        var result = ExampleGuest.Run("args-env", c => c.WithArguments("one", "two words", "--exit", "3").WithEnvironmentVariable("GREETING", "héllo"));

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("argc=5\nargv[0]=args-env\nargv[1]=one\nargv[2]=two words\nargv[3]=--exit\nargv[4]=3\nenv GREETING=héllo\n", result.Output);
    }

    [Fact]
    public void TheFileSystemExampleSucceedsInsideItsPreopen()
    {
        var result = ExampleGuest.Run("files", c => c.WithArguments("/data").WithPreopenedDirectory(_directory.FullName, "/data"));

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains("first=data.txt last=file-39", result.Output);
        Assert.DoesNotContain("FAIL", result.Output);
        Assert.EndsWith("0 failures\n", result.Output);
        Assert.Empty(_directory.EnumerateFileSystemInfos());
    }

    [Fact]
    public void TheRustFilesExampleSeesItsArgumentsEnvironmentAndPreopen()
    {
        var result = ExampleGuest.Run(
            "rust/files",
            c => c.WithArguments("/data", "two words").WithEnvironmentVariable("B", "2").WithEnvironmentVariable("A", "é").WithPreopenedDirectory(_directory.FullName, "/data"));

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Equal(
            "args [\"/data\", \"two words\"]\nenv A=é\nenv B=2\nok write, append, read back\nok seek then read\nok metadata\nok nested directories\n"
            + "ok rename into a subdirectory\nok read_dir\nok open a missing file: NotFound\nok create an existing directory: AlreadyExists\n"
            + "ok remove a non-empty directory fails\nok a path outside the preopens fails\nok climbing out with .. fails\nok remove_dir_all\n0 failures\n",
            result.Output);
        Assert.Empty(_directory.EnumerateFileSystemInfos());
    }

    [Fact]
    public void TheRustFilesExampleReportsAReadOnlyPreopen()
    {
        var result = ExampleGuest.Run("rust/files", c => c.WithArguments("/data").WithPreopenedDirectory(_directory.FullName, "/data", readOnly: true));

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("args [\"/data\"]\nFAIL unexpected error: ", result.Output);
        Assert.Empty(_directory.EnumerateFileSystemInfos());
    }

    [Fact]
    public void ClocksSleepAndRandomWork()
    {
        var result = ExampleGuest.Run("clocks");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("monotonic resolution ok: 1\nrealtime after 2020: 1\nslept at least 50ms: 1\nrandom differs: 1\nsched_yield: 0\ncpu time ok: 1\n", result.Output);
    }

    [Fact]
    public void CatCopiesStdinToStdout()
    {
        var input = string.Concat(Enumerable.Repeat("line of input\n", 1000));

        var result = ExampleGuest.Run("cat", input: input);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(input, result.Output);
        Assert.Equal("14000 bytes\n", result.Error);
    }

    [Fact]
    public void CatReadsAFileInAReadOnlyPreopen()
    {
        File.WriteAllText(Path.Combine(_directory.FullName, "in.txt"), "from a file\n");

        var result = ExampleGuest.Run("cat", c => c.WithArguments("/in/in.txt").WithPreopenedDirectory(_directory.FullName, "/in", readOnly: true));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("from a file\n", result.Output);
    }

    [Fact]
    public void CatCannotReadOutsideItsPreopens()
    {
        var result = ExampleGuest.Run("cat", c => c.WithArguments("/etc/passwd").WithPreopenedDirectory(_directory.FullName, "/in"));

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Output);
    }

    [Fact]
    public void PollWaitsForAClockAndPrefersAReadyDescriptor()
    {
        var result = ExampleGuest.Run("poll");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("clock: error=0 n=1 userdata=42 type=0\nstdout ready first: error=0 n=1 userdata=7 type=2\n", result.Output);
    }
}
