using System.Net;

namespace Wisp.Serving.Tests.Operations;

public class ReloadAndShutdownTests
{
    [Fact]
    public async Task ModuleChangeUnderLoadFailsNoRequest()
    {
        using var directory = new TemporaryDirectory();
        var module = Path.Combine(directory.Path, "app.wasm");
        File.Copy(HostUnderTest.Guest("version1.wasm"), module);
        await using var host = await HostUnderTest.StartAsync(module, options => options with { Watch = true });
        Assert.Equal("version 1\n", await host.Client.GetStringAsync("/"));

        using var stop = new CancellationTokenSource();
        var seen = new System.Collections.Concurrent.ConcurrentBag<string>();
        var failures = 0;
        var load = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 5000 && !stop.IsCancellationRequested; i++)
            {
                using var response = await host.Client.GetAsync("/");
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref failures);
                }

                seen.Add(await response.Content.ReadAsStringAsync());
            }
        })).ToArray();

        await Task.Delay(300);
        // replace the module atomically, as a deploy would
        var staged = Path.Combine(directory.Path, "app.wasm.new");
        File.Copy(HostUnderTest.Guest("version2.wasm"), staged);
        File.Move(staged, module, overwrite: true);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline && !seen.Contains("version 2\n"))
        {
            await Task.Delay(50);
        }

        await Task.Delay(300);
        await stop.CancelAsync();
        await Task.WhenAll(load);
        Assert.Equal(0, failures);
        Assert.Contains("version 2\n", seen);
        Assert.Equal("version 2\n", await host.Client.GetStringAsync("/"));
    }

    [Fact]
    public async Task BrokenChangeKeepsServingThePreviousVersion()
    {
        using var directory = new TemporaryDirectory();
        var module = Path.Combine(directory.Path, "app.wasm");
        File.Copy(HostUnderTest.Guest("version1.wasm"), module);
        await using var host = await HostUnderTest.StartAsync(module, options => options with { Watch = false });
        File.WriteAllText(module, "not a module");
        Assert.False(host.Server.Reload(module));
        Assert.Equal("version 1\n", await host.Client.GetStringAsync("/"));
        Assert.Contains(host.Logs.Lines, line => line.Contains("still serving the previous version"));
    }

    [Fact]
    public async Task ShutdownDrainsRequestsUnderWay()
    {
        var host = await HostUnderTest.StartAsync(HostUnderTest.Guest("huge.wasm"), options => options with { DrainTimeout = TimeSpan.FromSeconds(60) });
        try
        {
            // a slow reader keeps the request going while the server is told to stop
            using var response = await host.Client.GetAsync("/?mib=16", HttpCompletionOption.ResponseHeadersRead);
            var stopping = host.Server.StopAsync();
            await using var body = await response.Content.ReadAsStreamAsync();
            var buffer = new byte[1 << 16];
            long total = 0;
            int read;
            while ((read = await body.ReadAsync(buffer)) > 0)
            {
                total += read;
            }

            await stopping;
            Assert.Equal(16L << 20, total);
            await Assert.ThrowsAnyAsync<HttpRequestException>(() => host.Client.GetAsync("/?mib=0"));
        }
        finally
        {
            await host.Server.DisposeAsync();
        }
    }
}
