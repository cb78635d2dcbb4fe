using System.Text;
using Wisp.Wasi;

namespace Wisp.Tests.Wasi;

/// <summary>One linker with WASI defined once serves stores with different WASI configurations.</summary>
public class WasiPerStoreTests
{
    private static readonly Engine SharedEngine = new();

    [Fact]
    public void TwoStoresThroughOneLinkerSeeTheirOwnArgumentsEnvironmentAndStdout()
    {
        var linker = new Linker(SharedEngine);
        linker.DefineWasi();
        var pre = linker.InstantiatePre(Module.FromFile(SharedEngine, ExampleGuest.PathOf("args-env")));

        var (firstExit, first) = Run(pre, c => c.WithArguments("first").WithEnvironmentVariable("WHO", "one"));
        var (secondExit, second) = Run(pre, c => c.WithArguments("second", "--exit", "4").WithEnvironmentVariable("WHO", "two"));

        Assert.Equal(0, firstExit);
        Assert.Equal("argc=1\nargv[0]=first\nenv WHO=one\n", first);
        Assert.Equal(4, secondExit);
        Assert.Equal("argc=3\nargv[0]=second\nargv[1]=--exit\nargv[2]=4\nenv WHO=two\n", second);
    }

    [Fact]
    public void ConcurrentStoresKeepTheirOutputApart()
    {
        var linker = new Linker(SharedEngine);
        linker.DefineWasi();
        var pre = linker.InstantiatePre(Module.FromFile(SharedEngine, ExampleGuest.PathOf("args-env")));

        Parallel.For(0, 64, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var (exit, output) = Run(pre, c => c.WithArguments($"guest-{i}"));
            Assert.Equal(0, exit);
            Assert.Equal($"argc=1\nargv[0]=guest-{i}\n", output);
        });
    }

    [Fact]
    public void ReplacingTheConfigurationClosesTheEarlierContext()
    {
        using var store = new Store(SharedEngine);
        store.SetWasiConfiguration(new WasiConfiguration().WithArguments("old"));
        var old = store.WasiContext!;

        store.SetWasiConfiguration(new WasiConfiguration().WithArguments("new"));

        Assert.NotSame(old, store.WasiContext);
        Assert.False(old.Descriptors.TryGet(1, out _));
    }

    [Fact]
    public void RunCommandRefusesAnInstanceOfAnotherStore()
    {
        var linker = new Linker(SharedEngine);
        linker.DefineWasi();
        var pre = linker.InstantiatePre(Module.FromFile(SharedEngine, ExampleGuest.PathOf("args-env")));
        using var store = new Store(SharedEngine);
        store.SetWasiConfiguration(new WasiConfiguration());
        using var other = new Store(SharedEngine);
        other.SetWasiConfiguration(new WasiConfiguration());

        Assert.Throws<ArgumentException>(() => other.WasiContext!.RunCommand(pre.Instantiate(store)));
    }

    private static (int Exit, string Output) Run(InstancePre pre, Action<WasiConfiguration> configure)
    {
        var stdout = new MemoryStream();
        var configuration = new WasiConfiguration().WithStandardOutput(stdout);
        configure(configuration);
        using var store = new Store(SharedEngine);
        store.SetWasiConfiguration(configuration);
        var exit = store.WasiContext!.RunCommand(pre.Instantiate(store));
        return (exit, Encoding.UTF8.GetString(stdout.ToArray()));
    }
}
