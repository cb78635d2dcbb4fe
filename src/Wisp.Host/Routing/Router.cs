namespace Wisp.Serving.Routing;

/// <summary>
/// Picks the most specific route for a path (<see cref="RoutePattern.CompareSpecificity"/>). Routes
/// are few, so a linear scan is cheaper than any index; two routes of the same shape are refused when built.
/// </summary>
public sealed class Router<T>
    where T : class
{
    private readonly (RoutePattern Pattern, T Target)[] _routes;

    public Router(IEnumerable<(RoutePattern Pattern, T Target)> routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        _routes = [.. routes];
        for (var i = 0; i < _routes.Length; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (_routes[i].Pattern.IsSameShape(_routes[j].Pattern))
                {
                    throw new ArgumentException($"routes '{_routes[j].Pattern}' and '{_routes[i].Pattern}' match the same paths");
                }
            }
        }
    }

    public int Count => _routes.Length;

    /// <summary>The best route for <paramref name="path"/>, or false when none matches.</summary>
    public bool TryRoute(string path, out RoutePattern pattern, out T target, out RouteMatchParts parts)
    {
        pattern = null!;
        target = null!;
        parts = default;
        var found = false;
        foreach (var (candidate, candidateTarget) in _routes)
        {
            if ((!found || candidate.CompareSpecificity(pattern) > 0) && candidate.TryMatch(path, out var candidateParts))
            {
                pattern = candidate;
                target = candidateTarget;
                parts = candidateParts;
                found = true;
            }
        }

        return found;
    }
}
