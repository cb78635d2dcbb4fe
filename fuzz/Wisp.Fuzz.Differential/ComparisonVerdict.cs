namespace Wisp.Fuzz.Differential;

internal enum ComparisonVerdict
{
    /// <summary>The transcripts are equal.</summary>
    Agreed,

    /// <summary>Nothing to compare: Wasmtime ran out of fuel, or the module needs imports we do not provide.</summary>
    Skipped,

    /// <summary>
    /// The transcripts differ, and agree once both engines canonicalise NaN results: the difference is
    /// in NaN sign or payload bits, which the spec leaves to the engine (docs/testing.md).
    /// </summary>
    NaNBitsOnly,

    Differed,
}
