using System.Net;

namespace Wisp.Serving.Tests.Examples;

/// <summary>examples/serve/hello, through its wisp.toml and, unchanged, through its Spin manifest.</summary>
public sealed class HelloExampleTests
{
    [Theory]
    [InlineData("wisp.toml")]
    [InlineData("spin.toml")]
    public async Task GreetsByTheNameQueryParameter(string manifest)
    {
        using var app = ExampleApp.Copy("hello");
        await using var host = await app.StartAsync(manifest);

        var response = await host.Client.GetAsync("/?name=Ada%20Lovelace");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Hello, Ada Lovelace!\n", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("wisp.toml")]
    [InlineData("spin.toml")]
    public async Task AnyPathWithoutANameGreetsTheWorld(string manifest)
    {
        using var app = ExampleApp.Copy("hello");
        await using var host = await app.StartAsync(manifest);

        Assert.Equal("Hello, world!\n", await host.Client.GetStringAsync("/some/deeper/path?other=1"));
    }
}
