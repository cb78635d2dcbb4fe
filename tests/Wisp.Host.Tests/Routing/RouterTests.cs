using Wisp.Serving.Routing;

namespace Wisp.Serving.Tests.Routing;

public class RouterTests
{
    private static readonly Router<string> Routes = new(
        new[] { "/...", "/api/...", "/api/v1/...", "/api/v1/health", "/users/:id", "/users/me", "/users/:id/...", "/:any/special" }
            .Select(route => (RoutePattern.Parse(route), route)));

    [Theory]
    [InlineData("/", "/...")]
    [InlineData("/other", "/...")]
    [InlineData("/api/x", "/api/...")]
    [InlineData("/api/v1/x", "/api/v1/...")]
    [InlineData("/api/v1/health", "/api/v1/health")]
    [InlineData("/users/42", "/users/:id")]
    [InlineData("/users/me", "/users/me")]
    [InlineData("/users/42/posts", "/users/:id/...")]
    [InlineData("/users/special", "/users/:id")] // exact beats prefix; then the literal leftmost segment wins
    [InlineData("/x/special", "/:any/special")]
    public void MostSpecificRouteWins(string path, string expected)
    {
        Assert.True(Routes.TryRoute(path, out _, out var target, out _));
        Assert.Equal(expected, target);
    }

    [Fact]
    public void NoRouteNoMatch()
    {
        var router = new Router<string>([(RoutePattern.Parse("/only"), "only")]);
        Assert.False(router.TryRoute("/other", out _, out _, out _));
    }

    [Fact]
    public void RoutesOfTheSameShapeAreRefused() =>
        Assert.Throws<ArgumentException>(() => new Router<string>([(RoutePattern.Parse("/users/:id"), "a"), (RoutePattern.Parse("/users/:name"), "b")]));
}
