using Wisp.Cli;

namespace Wisp.Serving.Tests.Cli;

public class ServeSubcommandTests
{
    private static (int Code, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = WispCommandLine.Run(["serve", .. args], output, error);
        return (code, error.ToString());
    }

    [Theory]
    [InlineData("--listen", "nowhere")]
    [InlineData("--timeout", "soon")]
    [InlineData("--max-memory", "lots")]
    [InlineData("--max-concurrency", "0")]
    public void BadFlagsAreUsageErrors(string flag, string value)
    {
        var (code, error) = Run(HostUnderTest.Guest("env.wasm"), flag, value);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(flag, error);
    }

    [Fact]
    public void ManifestErrorsExitWithFailureAndNameTheLine()
    {
        using var directory = new TemporaryDirectory();
        var manifest = directory.Write("wisp.toml", "[[route]]\npath = \"/\"\ncomponent = \"missing\"\n");
        var (code, error) = Run(manifest, "--listen", "127.0.0.1:0");
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("wisp.toml:3: route[0].component: no component 'missing'", error);
    }

    [Fact]
    public void InvalidModuleExitsWithFailure()
    {
        using var directory = new TemporaryDirectory();
        var module = directory.Write("broken.wasm", "not wasm");
        var (code, error) = Run(module, "--listen", "127.0.0.1:0");
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("broken.wasm", error);
    }
}
