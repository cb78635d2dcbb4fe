namespace Wisp.Serving.Tests.Wagi;

/// <summary>The environment and argv a WAGI guest sees, over real HTTP.</summary>
public class WagiVariablesTests
{
    private static Dictionary<string, string> Parse(string body) =>
        body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split('=', 2)).ToDictionary(pair => pair[0], pair => pair.Length > 1 ? pair[1] : "");

    [Fact]
    public async Task GuestSeesEveryCgiAndWagiVariable()
    {
        var env = HostUnderTest.Guest("env.wasm");
        var (host, directory) = await HostUnderTest.StartManifestAsync("wisp.toml", $$"""
            [[route]]
            path = "/api/:version/..."
            component = "env"

            [component.env]
            module = "{{env}}"
            environment = { GREETING = "hi" }
            """);
        await using var _ = host;
        using var __ = directory;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/things/a%20b?x=1&y=two%20words&flag")
        {
            Content = new StringContent("12345", System.Text.Encoding.UTF8, "text/csv"),
        };
        request.Headers.Add("X-Custom-Header", "custom value");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "secret");
        using var response = await host.Client.SendAsync(request);
        var vars = Parse(await response.Content.ReadAsStringAsync());
        var port = host.Server.Address.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("1", vars["COUNTER"]);
        Assert.Equal("hi", vars["GREETING"]);
        Assert.Equal("CGI/1.1", vars["GATEWAY_INTERFACE"]);
        Assert.StartsWith("Wisp/", vars["SERVER_SOFTWARE"]);
        Assert.Equal("HTTP/1.1", vars["SERVER_PROTOCOL"]);
        Assert.Equal("127.0.0.1", vars["SERVER_NAME"]);
        Assert.Equal(port, vars["SERVER_PORT"]);
        Assert.Equal("POST", vars["REQUEST_METHOD"]);
        Assert.Equal("/api/v1", vars["SCRIPT_NAME"]);
        Assert.Equal("/things/a b", vars["PATH_INFO"]);
        Assert.Equal("/things/a b", vars["PATH_TRANSLATED"]);
        Assert.Equal("/things/a%20b", vars["X_RAW_PATH_INFO"]);
        Assert.Equal("x=1&y=two%20words&flag", vars["QUERY_STRING"]);
        Assert.Equal("127.0.0.1", vars["REMOTE_ADDR"]);
        Assert.Equal("127.0.0.1", vars["REMOTE_HOST"]);
        Assert.Equal("5", vars["CONTENT_LENGTH"]);
        Assert.Equal("text/csv; charset=utf-8", vars["CONTENT_TYPE"]);
        Assert.Equal("/api/:version/...", vars["X_MATCHED_ROUTE"]);
        Assert.Equal("/api/:version", vars["X_COMPONENT_ROUTE"]);
        Assert.Equal("v1", vars["X_PATH_MATCH_VERSION"]);
        Assert.Equal($"http://127.0.0.1:{port}/api/v1/things/a%20b?x=1&y=two%20words&flag", vars["X_FULL_URL"]);
        Assert.Equal("custom value", vars["HTTP_X_CUSTOM_HEADER"]);
        Assert.Equal($"127.0.0.1:{port}", vars["HTTP_HOST"]);
        Assert.False(vars.ContainsKey("HTTP_AUTHORIZATION"));
        Assert.False(vars.ContainsKey("HTTP_CONTENT_TYPE"));

        // argv: SCRIPT_NAME, then each query part decoded
        Assert.Equal("/api/v1", vars["ARG0"]);
        Assert.Equal("x=1", vars["ARG1"]);
        Assert.Equal("y=two words", vars["ARG2"]);
        Assert.Equal("flag", vars["ARG3"]);
    }

    [Fact]
    public async Task BareModuleServesEveryPathWithTheWholePathAsPathInfo()
    {
        await using var host = await HostUnderTest.StartAsync(HostUnderTest.Guest("env.wasm"));
        var vars = Parse(await host.Client.GetStringAsync("/deep/path/here"));
        Assert.Equal("", vars["SCRIPT_NAME"]);
        Assert.Equal("/deep/path/here", vars["PATH_INFO"]);
        Assert.Equal("/...", vars["X_MATCHED_ROUTE"]);
        Assert.Equal("0", vars["CONTENT_LENGTH"]);
        Assert.Equal("GET", vars["REQUEST_METHOD"]);
        Assert.Equal("/deep/path/here", vars["ARG0"]);
    }
}
