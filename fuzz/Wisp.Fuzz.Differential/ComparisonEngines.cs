using Wisp.Fuzz.Transcripts;

namespace Wisp.Fuzz.Differential;

/// <summary>
/// Both engines as a campaign uses them, and both again with NaN canonicalisation on, to tell a
/// difference in spec-allowed NaN bits from a real one.
/// </summary>
internal sealed class ComparisonEngines(ulong fuel) : IDisposable
{
    public WasmtimeGuestEngine Reference { get; } = new(fuel);

    public WispGuestEngine Wisp { get; } = new();

    public WasmtimeGuestEngine CanonicalReference { get; } = new(fuel, canonicalizeNaNs: true);

    public WispGuestEngine CanonicalWisp { get; } = new(canonicalizeNaNs: true);

    public void Dispose()
    {
        Reference.Dispose();
        CanonicalReference.Dispose();
    }
}
