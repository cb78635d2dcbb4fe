using Wisp.Serving.Routing;

namespace Wisp.Serving.Manifest;

/// <summary>A route to a component, or to a static response.</summary>
public sealed record RouteDefinition(RoutePattern Pattern, string? ComponentId, StaticResponse? StaticResponse);
