using System.Net;

namespace Wisp.Serving.Tests.Examples;

/// <summary>
/// bench/serve/wisp.toml, the application of the mixed-fault load run: its guests fail the way
/// mixed-faults.sh counts on (500 for a trap and for exhausted memory, 504 at the deadline) while the
/// healthy route keeps answering.
/// </summary>
public sealed class MixedFaultManifestTests
{
    [Fact]
    public async Task FaultyRoutesGet500Or504AndTheHealthyRouteStillAnswers()
    {
        var manifest = Path.Combine(ExampleApp.ExamplesDirectory, "..", "..", "bench", "serve", "wisp.toml");
        await using var host = await HostUnderTest.StartAsync(manifest, options => options with { Watch = false });

        Assert.Equal(HttpStatusCode.InternalServerError, (await host.Client.GetAsync("/fault/trap")).StatusCode);
        Assert.Equal(HttpStatusCode.GatewayTimeout, (await host.Client.GetAsync("/fault/loop")).StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, (await host.Client.GetAsync("/fault/oom")).StatusCode);
        var trapBody = await (await host.Client.GetAsync("/fault/trap")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("partial output", trapBody);
        Assert.Equal("Hello, world!\n", await host.Client.GetStringAsync("/hello"));
    }
}
