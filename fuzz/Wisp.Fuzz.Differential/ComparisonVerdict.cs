namespace Wisp.Fuzz.Differential;

internal enum ComparisonVerdict
{
    /// <summary>The transcripts are equal.</summary>
    Agreed,

    /// <summary>Nothing to compare: Wasmtime ran out of fuel, or the module needs imports we do not provide.</summary>
    Skipped,

    Differed,
}
