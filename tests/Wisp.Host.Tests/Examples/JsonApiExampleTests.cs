using System.Net;
using System.Text;
using System.Text.Json;

namespace Wisp.Serving.Tests.Examples;

/// <summary>examples/serve/json-api: routes, methods, statuses, and items kept as files in the writable /data.</summary>
public sealed class JsonApiExampleTests
{
    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    [Fact]
    public async Task ItemsAreCreatedListedFetchedAndDeleted()
    {
        using var app = ExampleApp.Copy("json-api");
        await using var host = await app.StartAsync();
        var client = host.Client;

        Assert.Equal("{\"items\":[]}\n", await client.GetStringAsync("/api/items"));

        var created = await client.PostAsync("/api/items", Json("{\"name\": \"milk\"}"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/items/1", created.Headers.Location?.OriginalString);
        Assert.Equal("application/json", created.Content.Headers.ContentType?.MediaType);
        Assert.Equal("{\"id\":1,\"name\":\"milk\"}\n", await created.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/api/items", Json("{\"qty\": 12, \"name\": \"eggs \\u00e9 \\\"free\\\"\"}"))).StatusCode);

        using (var list = JsonDocument.Parse(await client.GetStringAsync("/api/items")))
        {
            var items = list.RootElement.GetProperty("items").EnumerateArray().ToArray();
            Assert.Equal([1, 2], items.Select(item => item.GetProperty("id").GetInt32()));
            Assert.Equal("eggs é \"free\"", items[1].GetProperty("name").GetString());
        }

        Assert.Equal("{\"id\":1,\"name\":\"milk\"}\n", await client.GetStringAsync("/api/items/1"));
        Assert.True(File.Exists(Path.Combine(app.Root, "data", "1.json")), "the item is a file in the preopened data directory");

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("/api/items/1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync("/api/items/1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/items/1")).StatusCode);
        Assert.False(File.Exists(Path.Combine(app.Root, "data", "1.json")));
    }

    [Theory]
    [InlineData("{\"nam\": \"typo\"}")]
    [InlineData("{\"name\": \"\"}")]
    [InlineData("{\"name\": [1]}")]
    [InlineData("not json")]
    [InlineData("{\"name\": \"x\"} trailing")]
    public async Task ABodyThatIsNotANamedItemIs400(string body)
    {
        using var app = ExampleApp.Copy("json-api");
        await using var host = await app.StartAsync();

        var response = await host.Client.PostAsync("/api/items", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.StartsWith("expected", error.RootElement.GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("PUT", "/api/items", "GET, POST")]
    [InlineData("PATCH", "/api/items/3", "GET, DELETE")]
    public async Task OtherMethodsAre405WithAllow(string method, string path, string allow)
    {
        using var app = ExampleApp.Copy("json-api");
        await using var host = await app.StartAsync();

        var response = await host.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = Json("{}") });

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(allow, string.Join(", ", response.Content.Headers.Allow));
    }

    [Theory]
    [InlineData("/api/items/0")]
    [InlineData("/api/items/abc")]
    [InlineData("/api/items/99")]
    public async Task UnknownItemsAre404(string path)
    {
        using var app = ExampleApp.Copy("json-api");
        await using var host = await app.StartAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task TheRootIsTheManifestsStaticResponseAndOtherPathsHaveNoRoute()
    {
        using var app = ExampleApp.Copy("json-api");
        await using var host = await app.StartAsync();

        Assert.StartsWith("JSON API example", await host.Client.GetStringAsync("/"));
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync("/api/other")).StatusCode);
    }

    [Fact]
    public async Task ABodyOver64KiBIs413()
    {
        using var app = ExampleApp.Copy("json-api");
        await using var host = await app.StartAsync();

        var response = await host.Client.PostAsync("/api/items", Json("{\"name\": \"" + new string('x', 70_000) + "\"}"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task ConcurrentCreatesGetDistinctIdsAndNoItemIsLost()
    {
        using var app = ExampleApp.Copy("json-api");
        // guests really run side by side, and none gives up in the queue on a busy test machine
        await using var host = await app.StartAsync(configure: options => options with { MaxConcurrency = 8, QueueTimeout = TimeSpan.FromSeconds(60) });

        var responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => host.Client.PostAsync("/api/items", Json($"{{\"name\": \"item {i}\"}}"))));

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.Created, response.StatusCode));
        var locations = responses.Select(response => response.Headers.Location!.OriginalString).ToHashSet();
        Assert.Equal(16, locations.Count);
        using var list = JsonDocument.Parse(await host.Client.GetStringAsync("/api/items"));
        var names = list.RootElement.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("name").GetString() ?? "").ToHashSet();
        Assert.Equal(Enumerable.Range(0, 16).Select(i => $"item {i}").ToHashSet(), names);
    }
}
