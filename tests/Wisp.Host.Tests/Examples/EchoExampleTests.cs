using System.Net;
using System.Net.Http.Headers;

namespace Wisp.Serving.Tests.Examples;

/// <summary>examples/serve/echo: the body and the headers come back.</summary>
public sealed class EchoExampleTests
{
    [Fact]
    public async Task ABinaryBodyComesBackByteForByteWithItsContentType()
    {
        using var app = ExampleApp.Copy("echo");
        await using var host = await app.StartAsync();
        var body = new byte[300_000]; // several 64 KiB reads and writes in the guest
        new Random(6).NextBytes(body);
        body[0] = 0; // a NUL first: nothing may treat the body as a C string
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-test-data");

        var response = await host.Client.PostAsync("/upload", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-test-data", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(body, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task RequestHeadersComeBackAsXEchoHeaders()
    {
        using var app = ExampleApp.Copy("echo");
        await using var host = await app.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Put, "/thing") { Content = new StringContent("x") };
        request.Headers.Add("X-Trace-Id", "trace-42");
        request.Headers.Add("Accept-Language", "de-CH");

        var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("PUT", Assert.Single(response.Headers.GetValues("X-Echo-Method")));
        Assert.Equal("trace-42", Assert.Single(response.Headers.GetValues("X-Echo-X-Trace-Id")));
        Assert.Equal("de-CH", Assert.Single(response.Headers.GetValues("X-Echo-Accept-Language")));
        Assert.Equal("x", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TheEnvPathListsTheWagiVariablesTheGuestGot()
    {
        using var app = ExampleApp.Copy("echo");
        await using var host = await app.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/debug/env?a=1&b=two");
        request.Headers.Add("X-Trace-Id", "t1");

        var lines = (await (await host.Client.SendAsync(request)).Content.ReadAsStringAsync()).Split('\n');

        Assert.Contains("REQUEST_METHOD=GET", lines);
        Assert.Contains("PATH_INFO=/debug/env", lines);
        Assert.Contains("QUERY_STRING=a=1&b=two", lines);
        Assert.Contains("HTTP_X_TRACE_ID=t1", lines);
        Assert.Contains("X_MATCHED_ROUTE=/...", lines);
        Assert.Contains(lines, line => line.StartsWith("SERVER_PORT=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ABodyOverTheManifestsLimitIsRefusedWith413()
    {
        using var app = ExampleApp.Copy("echo");
        await using var host = await app.StartAsync();

        var response = await host.Client.PostAsync("/", new ByteArrayContent(new byte[(8 << 20) + 1]));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }
}
