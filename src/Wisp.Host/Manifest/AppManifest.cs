namespace Wisp.Serving.Manifest;

/// <summary>An application: its routes and the components they lead to. Immutable; a reload builds a new one.</summary>
public sealed record AppManifest(string Name, IReadOnlyList<RouteDefinition> Routes, IReadOnlyDictionary<string, ComponentDefinition> Components)
{
    /// <summary>The files whose change means a reload: the manifest itself (if any) and every module.</summary>
    public IReadOnlyList<string> WatchedFiles { get; init; } = [];
}
