using Wisp.Wasi;

namespace Wisp.Tests.Wasi;

public class WasiHarnessTests
{
    [Fact]
    public void TheHarnessGuestReachesTheSandbox()
    {
        using var wasi = new WasiHarness();
        File.WriteAllText(wasi.SandboxPath("a.txt"), "hello");

        var fd = wasi.OpenOk(WasiHarness.Preopen, "a.txt");

        Assert.Equal("hello", wasi.ReadText(fd));
    }
}
