namespace Wisp.Serving.Manifest;

/// <summary>What one request to a component may use. Null means no limit of that kind.</summary>
public sealed record ComponentLimits
{
    /// <summary>Wall time a request's guest may run before it is interrupted (504).</summary>
    public TimeSpan? Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Most bytes the guest's linear memory may reach (grows past it fail; a larger initial memory is a 500).</summary>
    public ulong? MaxMemoryBytes { get; init; } = 128UL << 20;

    /// <summary>Wasm instructions a request may execute (one fuel unit each); out of fuel is a 500.</summary>
    public ulong? Fuel { get; init; }

    /// <summary>Largest request body accepted; larger ones get 413 before the guest runs.</summary>
    public long MaxRequestBody { get; init; } = 16L << 20;

    /// <summary>Largest response (headers and body) a guest may write; past it the request fails (500, or a cut connection once streaming).</summary>
    public long MaxOutput { get; init; } = 64L << 20;
}
