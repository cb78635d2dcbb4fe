using Wisp.Runtime;

namespace Wisp.Compilation;

/// <summary>
/// The engine settings that change generated code, so also part of a compilation cache key: the
/// interruption checks, whether NaN results of float arithmetic are canonicalised, and whether
/// memory accesses rely on guard pages (<see cref="GuardedAddressSpace"/>) instead of explicit
/// bounds checks.
/// </summary>
internal readonly record struct CodeGenerationOptions(InterruptionChecks Checks, bool CanonicalizeNaNs, bool GuardPages)
{
    /// <summary>
    /// No interruption checks, NaNs as the hardware makes them, explicit bounds checks: what a compile
    /// without an engine gets (tests). An <see cref="Engine"/> defaults to guard pages where supported.
    /// </summary>
    public static CodeGenerationOptions Default => default;
}
