namespace Wisp.Serving.Routing;

/// <summary>
/// A route as written in a manifest: an exact path (<c>/health</c>), a prefix (<c>/api/...</c>, which
/// matches <c>/api</c> and everything below it) or either with named segments (<c>/users/:id</c>,
/// one non-empty path segment each). Spin's <c>/api/*</c> spelling of a prefix is accepted too.
/// </summary>
public sealed class RoutePattern
{
    private readonly string[] _segments;

    private RoutePattern(string text, string[] segments, bool isPrefix)
    {
        Text = text;
        _segments = segments;
        IsPrefix = isPrefix;
    }

    /// <summary>The route as written.</summary>
    public string Text { get; }

    /// <summary>Whether the route ends in <c>/...</c> and so matches every path below it.</summary>
    public bool IsPrefix { get; }

    /// <summary>The route without its trailing <c>/...</c>: what WAGI calls the component route.</summary>
    public string Base => _segments.Length == 0 ? "" : "/" + string.Join('/', _segments);

    /// <summary>Parses a route; throws <see cref="FormatException"/> with the reason when it is not one.</summary>
    public static RoutePattern Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.StartsWith('/'))
        {
            throw new FormatException($"route '{text}' must start with '/'");
        }

        var body = text;
        var isPrefix = false;
        if (body.EndsWith("/...", StringComparison.Ordinal) || body.EndsWith("/*", StringComparison.Ordinal))
        {
            isPrefix = true;
            body = body[..body.LastIndexOf('/')];
        }

        var segments = body.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var segment in segments)
        {
            if (segment is "..." or "*" || segment.Contains('?') || segment.Contains('#'))
            {
                throw new FormatException($"route '{text}': '{segment}' is not allowed there (a prefix ends in '/...')");
            }

            if (segment.StartsWith(':'))
            {
                var name = segment[1..];
                if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
                {
                    throw new FormatException($"route '{text}': a named segment is ':' then letters, digits or '_', not '{segment}'");
                }

                if (!names.Add(name))
                {
                    throw new FormatException($"route '{text}' names the segment '{name}' twice");
                }
            }
        }

        return new RoutePattern(text, segments, isPrefix);
    }

    /// <summary>
    /// Matches <paramref name="path"/> (decoded, starting with '/'); on success gives the path the
    /// route consumed, the rest (PATH_INFO, empty for exact routes) and the named segments.
    /// </summary>
    public bool TryMatch(string path, out RouteMatchParts parts)
    {
        parts = default;
        var position = 0;
        List<KeyValuePair<string, string>>? captures = null;
        foreach (var segment in _segments)
        {
            // each pattern segment consumes "/segment" of the path
            if (position >= path.Length || path[position] != '/')
            {
                return false;
            }

            var start = position + 1;
            var end = path.IndexOf('/', start);
            if (end < 0)
            {
                end = path.Length;
            }

            var actual = path.AsSpan(start, end - start);
            if (segment.StartsWith(':'))
            {
                if (actual.IsEmpty)
                {
                    return false;
                }

                (captures ??= []).Add(new(segment[1..], actual.ToString()));
            }
            else if (!actual.SequenceEqual(segment))
            {
                return false;
            }

            position = end;
        }

        var rest = path[position..];
        if (!IsPrefix && rest.Length > 0 && rest != "/")
        {
            return false;
        }

        parts = new RouteMatchParts(path[..position], IsPrefix ? rest : "", captures ?? (IReadOnlyList<KeyValuePair<string, string>>)[]);
        return true;
    }

    /// <summary>
    /// Orders two routes that both match a path: exact before prefix, then the one with more segments,
    /// then the one whose leftmost differing segment is literal rather than named. Positive: this one wins.
    /// </summary>
    public int CompareSpecificity(RoutePattern other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (IsPrefix != other.IsPrefix)
        {
            return IsPrefix ? -1 : 1;
        }

        if (_segments.Length != other._segments.Length)
        {
            return _segments.Length.CompareTo(other._segments.Length);
        }

        for (var i = 0; i < _segments.Length; i++)
        {
            var mineNamed = _segments[i].StartsWith(':');
            var theirsNamed = other._segments[i].StartsWith(':');
            if (mineNamed != theirsNamed)
            {
                return mineNamed ? -1 : 1;
            }
        }

        return 0;
    }

    /// <summary>Whether both routes match exactly the same paths (a duplicate in a manifest).</summary>
    public bool IsSameShape(RoutePattern other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return IsPrefix == other.IsPrefix && _segments.Length == other._segments.Length &&
               _segments.Zip(other._segments).All(pair => pair.First.StartsWith(':') ? pair.Second.StartsWith(':') : pair.First == pair.Second);
    }

    public override string ToString() => Text;
}
