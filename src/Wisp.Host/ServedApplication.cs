using Wisp.Serving.Execution;
using Wisp.Serving.Manifest;
using Wisp.Serving.Routing;

namespace Wisp.Serving;

/// <summary>
/// One loaded version of the application: the manifest, its router and its compiled components.
/// Requests take the current one at their start and keep it to the end, so a reload never changes a
/// request under way.
/// </summary>
public sealed class ServedApplication
{
    private ServedApplication(AppManifest manifest, Router<RouteTarget> router, IReadOnlyDictionary<string, ComponentRuntime> components)
    {
        Manifest = manifest;
        Router = router;
        Components = components;
    }

    public AppManifest Manifest { get; }

    public IReadOnlyDictionary<string, ComponentRuntime> Components { get; }

    internal Router<RouteTarget> Router { get; }

    /// <summary>Loads and compiles <paramref name="source"/> (a manifest or a module).</summary>
    public static ServedApplication Load(string source, ComponentLimits defaults)
    {
        var manifest = ManifestLoader.Load(source, defaults);
        var components = manifest.Components.ToDictionary(pair => pair.Key, pair => ComponentRuntime.Compile(pair.Value), StringComparer.Ordinal);
        var routes = manifest.Routes.Select(route => (route.Pattern, new RouteTarget(route, route.ComponentId is null ? null : components[route.ComponentId])));
        return new ServedApplication(manifest, new Router<RouteTarget>(routes), components);
    }

    /// <summary>Routes and what they lead to, for the start-up log.</summary>
    public string Describe() =>
        string.Join(", ", Manifest.Routes.Select(route => $"{route.Pattern} -> {route.ComponentId ?? $"static {route.StaticResponse!.Status}"}"));
}

/// <summary>What a route leads to: a component, or a static response.</summary>
internal sealed record RouteTarget(RouteDefinition Route, ComponentRuntime? Component);
