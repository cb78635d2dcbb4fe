namespace Wisp.Serving.Routing;

/// <summary>What a route took from a path: the part it consumed, the rest (PATH_INFO) and its named segments.</summary>
public readonly record struct RouteMatchParts(string Consumed, string Rest, IReadOnlyList<KeyValuePair<string, string>> NamedSegments);
