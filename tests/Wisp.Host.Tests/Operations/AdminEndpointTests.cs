using System.Net;

namespace Wisp.Serving.Tests.Operations;

public class AdminEndpointTests
{
    [Fact]
    public async Task MetricsCountRequestsTrapsAndLatency()
    {
        await using var host = await HostUnderTest.StartAsync(HostUnderTest.Guest("trap.wasm"));
        Assert.Equal(HttpStatusCode.InternalServerError, (await host.Client.GetAsync("/")).StatusCode);
        // The request is counted once its response is complete, which the client may see first.
        Assert.NotNull(await host.Logs.WaitForLineAsync(line => line.Contains(" status=500 instantiate_us=")));
        var metrics = await host.Admin!.GetStringAsync("/metrics");
        Assert.Contains("wisp_requests_total{route=\"/...\",status=\"500\"} 1", metrics);
        Assert.Contains("wisp_guest_traps_total{route=\"/...\",code=\"Unreachable\"} 1", metrics);
        Assert.Contains("wisp_request_duration_seconds_count{route=\"/...\"} 1", metrics);
        Assert.Contains("wisp_instantiation_duration_seconds_count{route=\"/...\"} 1", metrics);
        Assert.Contains("wisp_instances_live 0", metrics);
    }

    [Fact]
    public async Task HealthzAnswersOnTheAdminListenerOnly()
    {
        await using var host = await HostUnderTest.StartAsync(HostUnderTest.Guest("env.wasm"));
        Assert.Equal("ok\n", await host.Admin!.GetStringAsync("/healthz"));
        // on the application's listener the same path goes to the guest
        Assert.Contains("PATH_INFO=/healthz", await host.Client.GetStringAsync("/healthz"));
    }

    [Fact]
    public async Task RequestLogLineHasRouteStatusAndTimes()
    {
        await using var host = await HostUnderTest.StartAsync(HostUnderTest.Guest("env.wasm"));
        await host.Client.GetStringAsync("/logged");
        var line = await host.Logs.WaitForLineAsync(line => line.Contains("GET /logged route="));
        Assert.NotNull(line);
        Assert.Contains("GET /logged route=/... status=200 instantiate_us=", line);
        Assert.Contains("run_us=", line);
    }
}
