using System.Net;
using Wisp.Serving.Manifest;

namespace Wisp.Serving.Tests.Execution;

public class ConcurrencyTests
{
    [Fact]
    public async Task ConcurrentRequestsEachGetAFreshInstance()
    {
        await using var host = await HostUnderTest.StartAsync(HostUnderTest.Guest("env.wasm"));
        var bodies = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => host.Client.GetStringAsync($"/request/{i}")));
        for (var i = 0; i < bodies.Length; i++)
        {
            // a global counter that would exceed 1 if any memory state were shared or reused
            Assert.Contains("COUNTER=1\n", bodies[i]);
            Assert.Contains($"PATH_INFO=/request/{i}\n", bodies[i]);
        }
    }

    [Fact]
    public async Task FullSlotsAndQueueGive503()
    {
        await using var host = await HostUnderTest.StartAsync(HostUnderTest.Guest("loop.wasm"), options => options with
        {
            MaxConcurrency = 1,
            QueueLength = 1,
            QueueTimeout = TimeSpan.FromMilliseconds(200),
            DefaultLimits = new ComponentLimits { Timeout = TimeSpan.FromSeconds(5) },
        });
        var running = host.Client.GetAsync("/running");
        var wait = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (host.Server.Metrics.InstancesLive.Value < 1 && DateTime.UtcNow < wait)
        {
            await Task.Delay(20);
        }

        var responses = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => host.Client.GetAsync("/waiting")));
        Assert.All(responses, response => Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode));
        Assert.All(responses, response => Assert.Equal("1", response.Headers.RetryAfter!.ToString()));
        Assert.Equal(HttpStatusCode.GatewayTimeout, (await running).StatusCode);
    }
}
