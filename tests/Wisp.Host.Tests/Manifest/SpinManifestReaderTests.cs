using Wisp.Serving.Manifest;

namespace Wisp.Serving.Tests.Manifest;

public class SpinManifestReaderTests
{
    private static readonly string Env = HostUnderTest.Guest("env.wasm");

    private static AppManifest Read(string text) => SpinManifestReader.Read(text, Path.Combine(AppContext.BaseDirectory, "spin.toml"), new ComponentLimits());

    [Fact]
    public void ReadsWagiComponents()
    {
        var manifest = Read($$"""
            spin_manifest_version = 2

            [application]
            name = "hello"
            version = "1.0.0"
            authors = ["someone"]

            [application.trigger.http]
            base = "/base"

            [[trigger.http]]
            route = "/hello/..."
            component = "hello"
            executor = { type = "wagi", argv = "${SCRIPT_NAME} extra ${ARGS}" }

            [[trigger.http]]
            route = { private = true }
            component = "hello"
            executor = { type = "wagi" }

            [[trigger.http]]
            route = "/inline"
            component = { source = "{{Env}}" }
            executor = { type = "wagi" }

            [component.hello]
            source = "{{Env}}"
            environment = { KEY = "value" }
            allowed_outbound_hosts = []
            [component.hello.build]
            command = "make"
            """);
        Assert.Equal("hello", manifest.Name);
        Assert.Equal(["/base/hello/...", "/base/inline"], manifest.Routes.Select(route => route.Pattern.Text));
        Assert.Equal("${SCRIPT_NAME} extra ${ARGS}", manifest.Components["hello"].Argv);
        Assert.Equal([new("KEY", "value")], manifest.Components["hello"].Environment);
        Assert.Equal(Env, manifest.Components[manifest.Routes[1].ComponentId!].ModulePath);
    }

    [Theory]
    [InlineData("[[trigger.http]]\nroute = \"/\"\ncomponent = \"c\"\n[component.c]\nsource = \"{0}\"\n", "not supported yet: component 'c' uses Spin's default HTTP executor")]
    [InlineData("[[trigger.http]]\nroute = \"/\"\ncomponent = \"c\"\nexecutor = {{ type = \"spin\" }}\n[component.c]\nsource = \"{0}\"\n", "not supported yet: the 'spin' executor")]
    [InlineData("[[trigger.redis]]\nchannel = \"x\"\ncomponent = \"c\"\n", "not supported yet: redis triggers")]
    [InlineData("[[trigger.http]]\nroute = \"/\"\ncomponent = \"c\"\nexecutor = {{ type = \"wagi\" }}\n[component.c]\nsource = {{ url = \"https://example.com/c.wasm\", digest = \"sha256:0\" }}\n", "not supported yet: remote component sources")]
    [InlineData("[[trigger.http]]\nroute = \"/\"\ncomponent = \"c\"\nexecutor = {{ type = \"wagi\" }}\n[component.c]\nsource = \"{0}\"\nkey_value_stores = [\"default\"]\n", "not supported yet: key value stores")]
    [InlineData("[variables]\ntoken = {{ required = true }}\n", "not supported yet: application variables")]
    [InlineData("[[trigger.http]]\nroute = \"/\"\ncomponent = \"c\"\nexecutor = {{ type = \"wagi\" }}\n[component.c]\nsource = \"{0}\"\nfiles = [\"assets/*.png\"]\n", "not supported yet: the file pattern 'assets/*.png'")]
    public void SpinFeaturesWispLacksAreRefusedClearly(string body, string expected)
    {
        var text = "spin_manifest_version = 2\n[application]\nname = \"a\"\n" + string.Format(System.Globalization.CultureInfo.InvariantCulture, body, Env);
        var error = Assert.Throws<ManifestException>(() => Read(text));
        Assert.Contains(expected, error.Message);
        Assert.StartsWith("spin.toml:", error.Message);
    }

    [Fact]
    public void OldManifestVersionIsRefused() =>
        Assert.Contains("not supported yet: only Spin manifest version 2", Assert.Throws<ManifestException>(() => Read("spin_manifest_version = 1\n")).Message);

    [Fact]
    public async Task SpinAppRunsUnchanged()
    {
        var (host, directory) = await HostUnderTest.StartManifestAsync("spin.toml", $$"""
            spin_manifest_version = 2
            [application]
            name = "spin-app"
            [[trigger.http]]
            route = "/greet/..."
            component = "greet"
            executor = { type = "wagi" }
            [component.greet]
            source = "{{Env}}"
            environment = { GREETING = "from spin.toml" }
            """);
        await using var _ = host;
        using var __ = directory;
        var body = await host.Client.GetStringAsync("/greet/you");
        Assert.Contains("GREETING=from spin.toml\n", body);
        Assert.Contains("PATH_INFO=/you\n", body);
        Assert.Contains("X_MATCHED_ROUTE=/greet/...\n", body);
    }
}
