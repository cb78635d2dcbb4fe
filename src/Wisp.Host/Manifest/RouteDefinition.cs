using Wisp.Host.Routing;

namespace Wisp.Host.Manifest;

/// <summary>A route to a component, or to a static response.</summary>
public sealed record RouteDefinition(RoutePattern Pattern, string? ComponentId, StaticResponse? StaticResponse);
