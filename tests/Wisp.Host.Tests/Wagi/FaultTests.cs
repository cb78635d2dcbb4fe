using System.Net;
using Wisp.Serving.Manifest;

namespace Wisp.Serving.Tests.Wagi;

/// <summary>Every way a guest can fail ends as a status code, and the host keeps serving.</summary>
public class FaultTests
{
    private static Task<HostUnderTest> StartAsync(string guest, ComponentLimits? limits = null) =>
        HostUnderTest.StartAsync(HostUnderTest.Guest(guest), options => limits is null ? options : options with { DefaultLimits = limits });

    [Fact]
    public async Task TrapIs500WithAGenericBodyAndTheBacktraceInTheLog()
    {
        await using var host = await StartAsync("trap.wasm");
        using var response = await host.Client.GetAsync("/");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("partial output", body);
        Assert.DoesNotContain("unreachable", body);
        Assert.Contains(host.Logs.Lines, line => line.Contains("guest trapped") && line.Contains("unreachable") && line.Contains("wasm function"));
        Assert.Equal(HttpStatusCode.InternalServerError, (await host.Client.GetAsync("/again")).StatusCode);
    }

    [Fact]
    public async Task DeadlineInterruptsTheGuestWith504()
    {
        await using var host = await StartAsync("loop.wasm", new ComponentLimits { Timeout = TimeSpan.FromMilliseconds(300) });
        var started = DateTime.UtcNow;
        using var response = await host.Client.GetAsync("/");
        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
        Assert.Contains(host.Logs.Lines, line => line.Contains("interrupted at its deadline"));
    }

    [Fact]
    public async Task FuelRunningOutIs500()
    {
        await using var host = await StartAsync("loop.wasm", new ComponentLimits { Fuel = 1_000_000 });
        using var response = await host.Client.GetAsync("/");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains(host.Logs.Lines, line => line.Contains("fuel"));
    }

    [Fact]
    public async Task MemoryLimitIs500()
    {
        await using var host = await StartAsync("memhog.wasm", new ComponentLimits { MaxMemoryBytes = 16 << 20 });
        using var response = await host.Client.GetAsync("/");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
    }

    [Fact]
    public async Task ModuleWhoseMemoryStartsOverTheLimitIs500()
    {
        await using var host = await StartAsync("env.wasm", new ComponentLimits { MaxMemoryBytes = 64 << 10 });
        using var response = await host.Client.GetAsync("/");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains(host.Logs.Lines, line => line.Contains("instantiation failed"));
    }

    [Fact]
    public async Task BodyOverTheLimitIs413()
    {
        await using var host = await StartAsync("echo.wasm", new ComponentLimits { MaxRequestBody = 1000 });
        using var small = await host.Client.PostAsync("/", new ByteArrayContent(new byte[1000]));
        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
        using var declared = await host.Client.PostAsync("/", new ByteArrayContent(new byte[1001]));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declared.StatusCode);

        // no Content-Length: the limit is found while reading
        using var chunked = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StreamContent(new MemoryStream(new byte[5000])) };
        chunked.Headers.TransferEncodingChunked = true;
        using var streamed = await host.Client.SendAsync(chunked);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, streamed.StatusCode);
    }

    [Fact]
    public async Task GuestThatNeverReadsStdinDoesNotStall()
    {
        await using var host = await StartAsync("noread.wasm");
        using var response = await host.Client.PostAsync("/", new ByteArrayContent(new byte[4 << 20]));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ignored your body\n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OutputOverTheCapCutsTheResponse()
    {
        await using var host = await StartAsync("huge.wasm", new ComponentLimits { MaxOutput = 1 << 20 });
        // The response started streaming before the cap was hit: the connection is cut, never a complete 200.
        await Assert.ThrowsAnyAsync<HttpRequestException>(async () =>
        {
            using var response = await host.Client.GetAsync("/?mib=4");
            await response.Content.ReadAsByteArrayAsync();
        });
        Assert.Contains(host.Logs.Lines, line => line.Contains("max_output"));
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/?mib=0")).StatusCode);
    }

    [Fact]
    public async Task OutputOverTheCapBeforeStreamingIs500()
    {
        await using var host = await StartAsync("huge.wasm", new ComponentLimits { MaxOutput = 32 << 10 });
        using var response = await host.Client.GetAsync("/?mib=1");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
    }

    [Fact]
    public async Task ClientThatStopsReadingDoesNotHoldTheGuestPastItsDeadline()
    {
        await using var host = await StartAsync("huge.wasm", new ComponentLimits { Timeout = TimeSpan.FromSeconds(1) });
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(host.Server.Address);
        var stream = client.GetStream();
        await stream.WriteAsync("GET /?mib=512 HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray());
        // never read: the guest blocks on backpressure, then the deadline frees it
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(40);
        while (DateTime.UtcNow < deadline && !host.Logs.Lines.Any(line => line.Contains("did not take the response")))
        {
            await Task.Delay(100);
        }

        Assert.True(host.Logs.Lines.Any(line => line.Contains("did not take the response")), string.Join("\n", host.Logs.Lines));
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/?mib=0")).StatusCode);
    }
}
