namespace Wisp.Serving.Manifest;

/// <summary>A response the host sends itself for a route, without running a guest.</summary>
public sealed record StaticResponse(int Status, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body);
