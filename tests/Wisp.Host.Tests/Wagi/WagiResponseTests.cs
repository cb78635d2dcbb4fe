using System.Net;

namespace Wisp.Serving.Tests.Wagi;

/// <summary>Status, headers and bodies from the guest's CGI output, and bodies in both directions.</summary>
public class WagiResponseTests
{
    [Fact]
    public async Task StatusAndHeadersComeFromTheGuest()
    {
        await using var host = await HostUnderTest.StartAsync(HostUnderTest.Guest("respond.wasm"));
        using var response = await host.Client.GetAsync("/?Status:%20418%20I'm%20a%20teapot&Content-Type:%20text/x-tea&X-Brew:%20green&Content-Length:%20999&Connection:%20close");
        Assert.Equal((HttpStatusCode)418, response.StatusCode);
        Assert.Equal("text/x-tea", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("green", response.Headers.GetValues("X-Brew").Single());
        Assert.Equal("body", await response.Content.ReadAsStringAsync());
        Assert.Equal(4, response.Content.Headers.ContentLength); // the guest's Content-Length is dropped
    }

    [Fact]
    public async Task LocationWithoutStatusRedirects()
    {
        await using var host = await HostUnderTest.StartAsync(HostUnderTest.Guest("respond.wasm"));
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.Client.BaseAddress };
        using var response = await client.GetAsync("/?Location:%20/elsewhere");
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("/elsewhere", response.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("/?raw=no%20header%20block%20at%20all")]
    [InlineData("/?raw=X-Only:%20yes%0A%0Abody")] // no Content-Type, Location or Status
    [InlineData("/?Status:%20abc")]
    [InlineData("/?Content-Type:%20text/plain&exit=3")]
    public async Task OutputThatIsNotAValidResponseIs500(string path)
    {
        await using var host = await HostUnderTest.StartAsync(HostUnderTest.Guest("respond.wasm"));
        using var response = await host.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.DoesNotContain("body", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(10)]
    [InlineData(200_000)]
    [InlineData(3_000_000)]
    public async Task BodiesStreamBothWays(int size)
    {
        await using var host = await HostUnderTest.StartAsync(HostUnderTest.Guest("echo.wasm"));
        var payload = new byte[size];
        new Random(size).NextBytes(payload);
        using var content = new ByteArrayContent(payload);
        content.Headers.ContentType = new("application/x-test");
        using var response = await host.Client.PostAsync("/echo", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-test", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(payload, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task LargeOutputIsStreamedChunked()
    {
        await using var host = await HostUnderTest.StartAsync(HostUnderTest.Guest("huge.wasm"));
        using var response = await host.Client.GetAsync("/?mib=8", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.TransferEncodingChunked);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(8 << 20, body.Length);
        Assert.All(body, b => Assert.Equal((byte)'x', b));
    }

    [Fact]
    public async Task StaticResponsesNeedNoGuest()
    {
        var (host, directory) = await HostUnderTest.StartManifestAsync("wisp.toml", """
            [[route]]
            path = "/health"
            static = { status = 203, headers = { "Content-Type" = "text/plain", "X-Static" = "1" }, body = "fine" }
            """);
        await using var _ = host;
        using var __ = directory;
        using var response = await host.Client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.NonAuthoritativeInformation, response.StatusCode);
        Assert.Equal("1", response.Headers.GetValues("X-Static").Single());
        Assert.Equal("fine", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync("/other")).StatusCode);
    }
}
