using Wisp.Runtime;

namespace Wisp.Compilation;

/// <summary>
/// The engine settings that change generated code, so also part of a compilation cache key: the
/// interruption checks, and whether NaN results of float arithmetic are canonicalised.
/// </summary>
internal readonly record struct CodeGenerationOptions(InterruptionChecks Checks, bool CanonicalizeNaNs)
{
    public static CodeGenerationOptions Default => default;
}
