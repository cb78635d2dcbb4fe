using System.Net;
using System.Text;
using System.Text.Json;

namespace Wisp.Serving.Tests.Examples;

/// <summary>examples/serve/greet-as, the AssemblyScript app.</summary>
public sealed class GreetAsExampleTests
{
    [Fact]
    public async Task GreetsByQueryParameterAsJson()
    {
        using var app = ExampleApp.Copy("greet-as");
        await using var host = await app.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/hi?name=Ad%C3%A9");
        request.Headers.UserAgent.ParseAdd("examples-test/1.0");

        var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Hello, Adé!", json.RootElement.GetProperty("greeting").GetString());
        Assert.Equal("GET", json.RootElement.GetProperty("method").GetString());
        Assert.Equal("/hi", json.RootElement.GetProperty("path").GetString());
        Assert.Equal("examples-test/1.0", json.RootElement.GetProperty("userAgent").GetString());
    }

    [Fact]
    public async Task APostedNameIsReadFromTheBody()
    {
        using var app = ExampleApp.Copy("greet-as");
        await using var host = await app.StartAsync();

        var response = await host.Client.PostAsync("/", new StringContent("  Grace \"G\" Hopper\n", Encoding.UTF8, "text/plain"));

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Hello, Grace \"G\" Hopper!", json.RootElement.GetProperty("greeting").GetString());
    }

    [Fact]
    public async Task OtherMethodsAre405()
    {
        using var app = ExampleApp.Copy("greet-as");
        await using var host = await app.StartAsync();

        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await host.Client.DeleteAsync("/")).StatusCode);
    }
}
