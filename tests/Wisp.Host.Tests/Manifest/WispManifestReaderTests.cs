using Wisp.Serving.Manifest;

namespace Wisp.Serving.Tests.Manifest;

public class WispManifestReaderTests
{
    private static readonly string Env = HostUnderTest.Guest("env.wasm");

    private static AppManifest Read(string text) => WispManifestReader.Read(text, Path.Combine(AppContext.BaseDirectory, "wisp.toml"), new ComponentLimits());

    [Fact]
    public void ReadsRoutesComponentsAndLimits()
    {
        using var directory = new TemporaryDirectory();
        Directory.CreateDirectory(Path.Combine(directory.Path, "static"));
        var manifest = WispManifestReader.Read($$"""
            name = "shop"

            [[route]]
            path = "/api/..."
            component = "api"

            [[route]]
            path = "/ping"
            static = { body = "pong" }

            [component.api]
            module = "{{Env}}"
            environment = { MODE = "test" }
            files = [{ source = "static", destination = "/static" }, { source = "static", destination = "/rw", writable = true }]
            argv = "${SCRIPT_NAME} --verbose ${ARGS}"

            [component.api.limits]
            timeout = "250ms"
            max_memory = "32MiB"
            fuel = 1000000
            max_request_body = 4096
            max_output = "1MiB"
            """, Path.Combine(directory.Path, "wisp.toml"), new ComponentLimits());

        Assert.Equal("shop", manifest.Name);
        Assert.Equal(["/api/...", "/ping"], manifest.Routes.Select(route => route.Pattern.Text));
        Assert.Equal("pong"u8.ToArray(), manifest.Routes[1].StaticResponse!.Body);
        var api = manifest.Components["api"];
        Assert.Equal(Env, api.ModulePath);
        Assert.Equal([new("MODE", "test")], api.Environment);
        Assert.Equal([new MountedDirectory(Path.Combine(directory.Path, "static"), "/static", false), new MountedDirectory(Path.Combine(directory.Path, "static"), "/rw", true)], api.Directories);
        Assert.Equal("${SCRIPT_NAME} --verbose ${ARGS}", api.Argv);
        Assert.Equal(new ComponentLimits { Timeout = TimeSpan.FromMilliseconds(250), MaxMemoryBytes = 32 << 20, Fuel = 1_000_000, MaxRequestBody = 4096, MaxOutput = 1 << 20 }, api.Limits);
    }

    [Theory]
    [InlineData("[[route]]\npath = \"/\"\ncomponent = \"missing\"\n", "wisp.toml:3: route[0].component: no component 'missing'")]
    [InlineData("[[route]]\npath = \"nope\"\ncomponent = \"a\"\n", "wisp.toml:2: route[0].path: route 'nope' must start with '/'")]
    [InlineData("[[route]]\npath = \"/\"\n", "wisp.toml:2: route[0].path: a route needs exactly one of 'component' and 'static'")]
    [InlineData("nmae = \"typo\"\n", "wisp.toml:1: nmae: unknown key")]
    [InlineData("[component.a]\nmodule = 3\n", "wisp.toml:2: component.a.module: expected a string, found an integer")]
    [InlineData("[component.a]\nmodule = \"/no/such.wasm\"\n", "wisp.toml:2: component.a.module: module file '/no/such.wasm' does not exist")]
    [InlineData("x = \n", "wisp.toml:1: Missing value")]
    [InlineData("[[route]]\npath = \"/a/:id\"\nstatic = {}\n[[route]]\npath = \"/a/:name\"\nstatic = {}\n", "wisp.toml:5: route[1].path: '/a/:name' matches the same paths as the earlier route '/a/:id'")]
    public void ErrorsNameTheLineAndTheKey(string text, string expected)
    {
        var error = Assert.Throws<ManifestException>(() => Read(text));
        Assert.StartsWith(expected, error.Message);
    }

    [Fact]
    public void LimitErrorsNameTheirKey()
    {
        var error = Assert.Throws<ManifestException>(() => Read($"""
            [[route]]
            path = "/"
            component = "a"

            [component.a]
            module = "{Env}"

            [component.a.limits]
            timeout = "soon"
            """));
        Assert.StartsWith("wisp.toml:9: component.a.limits.timeout: expected a positive duration", error.Message);
    }
}
