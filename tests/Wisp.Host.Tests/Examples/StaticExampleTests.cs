using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Wisp.Serving.Tests.Examples;

/// <summary>examples/serve/static: files from a read-only preopened directory, and nothing outside it.</summary>
public sealed class StaticExampleTests
{
    [Theory]
    [InlineData("wisp.toml", "/", "index.html", "text/html")]
    [InlineData("wisp.toml", "/css/site.css", "css/site.css", "text/css")]
    [InlineData("wisp.toml", "/img/logo.svg", "img/logo.svg", "image/svg+xml")]
    [InlineData("wisp.toml", "/docs/", "docs/index.html", "text/html")]
    [InlineData("spin.toml", "/", "index.html", "text/html")]
    [InlineData("spin.toml", "/css/site.css", "css/site.css", "text/css")]
    public async Task FilesAreServedWithTheirContentType(string manifest, string path, string file, string type)
    {
        using var app = ExampleApp.Copy("static");
        await using var host = await app.StartAsync(manifest);

        var response = await host.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(app.Root, "public", file)), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task ADirectoryWithoutItsSlashRedirects()
    {
        using var app = ExampleApp.Copy("static");
        await using var host = await app.StartAsync();
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.Client.BaseAddress };

        var response = await client.GetAsync("/docs");

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal("/docs/", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("/missing.html")]
    [InlineData("/.hidden.txt")] // dotfiles are not served
    [InlineData("/escape.txt")] // a symlink out of the folder: the WASI sandbox refuses to follow it
    public async Task WhatIsNotAServedFileIs404(string path)
    {
        using var app = ExampleApp.Copy("static");
        await using var host = await app.StartAsync();

        var response = await host.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("outside the preopened directory", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/..%2Fprivate%2Fsecret.txt", 403)] // Kestrel keeps %2F encoded; the guest decodes and refuses `..`
    [InlineData("/css%2F..%2F..%2Fprivate%2Fsecret.txt", 403)]
    [InlineData("/../private/secret.txt", 404)] // Kestrel resolves the dot segments first: /private/secret.txt
    [InlineData("/%2e%2e/private/secret.txt", 404)]
    public async Task ParentSegmentsNeverReachOutsideTheFolder(string rawTarget, int status)
    {
        using var app = ExampleApp.Copy("static");
        await using var host = await app.StartAsync();

        var (code, body) = await RawGetAsync(host.Server.Address, rawTarget);

        Assert.Equal(status, code);
        Assert.DoesNotContain("outside the preopened directory", body);
    }

    [Theory]
    [InlineData("POST", 405)]
    [InlineData("HEAD", 200)]
    public async Task OnlyGetAndHeadAreAllowed(string method, int status)
    {
        using var app = ExampleApp.Copy("static");
        await using var host = await app.StartAsync();

        var response = await host.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/css/site.css"));

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Empty(method == "HEAD" ? await response.Content.ReadAsByteArrayAsync() : []);
    }

    /// <summary>A GET with the request target exactly as given (HttpClient would normalise it).</summary>
    private static async Task<(int Status, string Body)> RawGetAsync(IPEndPoint address, string target)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync();
        var statusLine = response[..response.IndexOf("\r\n", StringComparison.Ordinal)];
        return (int.Parse(statusLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), response);
    }
}
