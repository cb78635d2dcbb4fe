using Wisp.Serving.Routing;

namespace Wisp.Serving.Tests.Routing;

public class RoutePatternTests
{
    [Theory]
    [InlineData("/hello", "/hello", true)]
    [InlineData("/hello", "/hello/", true)]
    [InlineData("/hello", "/hello/x", false)]
    [InlineData("/hello", "/hell", false)]
    [InlineData("/api/...", "/api", true)]
    [InlineData("/api/...", "/api/v1/users", true)]
    [InlineData("/api/...", "/apix", false)]
    [InlineData("/...", "/", true)]
    [InlineData("/...", "/anything/at/all", true)]
    [InlineData("/users/:id", "/users/42", true)]
    [InlineData("/users/:id", "/users/", false)]
    [InlineData("/users/:id", "/users/42/posts", false)]
    [InlineData("/static/*", "/static/css/site.css", true)]
    public void MatchesPaths(string route, string path, bool matches) =>
        Assert.Equal(matches, RoutePattern.Parse(route).TryMatch(path, out _));

    [Fact]
    public void PrefixRouteGivesTheRestAsPathInfo()
    {
        Assert.True(RoutePattern.Parse("/api/...").TryMatch("/api/v1/users", out var parts));
        Assert.Equal("/api", parts.Consumed);
        Assert.Equal("/v1/users", parts.Rest);
    }

    [Fact]
    public void NamedSegmentsAreCaptured()
    {
        Assert.True(RoutePattern.Parse("/users/:id/posts/:post/...").TryMatch("/users/42/posts/7/comments", out var parts));
        Assert.Equal([new("id", "42"), new("post", "7")], parts.NamedSegments);
        Assert.Equal("/users/42/posts/7", parts.Consumed);
        Assert.Equal("/comments", parts.Rest);
    }

    [Theory]
    [InlineData("hello")]
    [InlineData("/a/.../b")]
    [InlineData("/users/:")]
    [InlineData("/users/:id/:id")]
    [InlineData("/a?b")]
    public void RefusesMalformedRoutes(string route) => Assert.Throws<FormatException>(() => RoutePattern.Parse(route));
}
