using System.IO.Hashing;
using Wisp.Runtime;

namespace Wisp.Compilation.Caching;

/// <summary>
/// What a compiled image depends on, hashed: the module's bytes, the exact build of <c>Wisp.Core</c>
/// (its module version id changes whenever its code does), the .NET runtime version and the engine
/// settings that change the generated code, and whether the image holds the whole module or only the
/// stubs of a lazily compiled one. Two inputs with the same key compile to the same image.
/// The hash (XxHash64) is not cryptographic: it names cache entries, and an entry also holds the
/// module bytes it was compiled from, which must match byte for byte before its code is used.
/// XxHash64 rather than XxHash128: its code is scalar, so ReadyToRun precompiles it, where the
/// vectorised XxHash128 is jitted in every process that loads a module (start-up, docs/performance.md).
/// </summary>
internal static class CacheKey
{
    public const int Length = 8;

    /// <summary>Bumped when the image file layout or the meaning of a key changes.</summary>
    private const int FormatVersion = 2;

    public static byte[] Compute(ReadOnlySpan<byte> wasm, bool validated, CodeGenerationOptions options, bool lazy = false)
    {
        var hash = new XxHash64();
        Span<byte> header = stackalloc byte[9];
        BitConverter.TryWriteBytes(header, FormatVersion);
        header[4] = validated ? (byte)1 : (byte)0;
        header[5] = (byte)options.Checks;
        header[6] = options.CanonicalizeNaNs ? (byte)1 : (byte)0;
        header[7] = lazy ? (byte)1 : (byte)0;
        header[8] = options.GuardPages ? (byte)1 : (byte)0;
        hash.Append(header);
        hash.Append(typeof(CacheKey).Module.ModuleVersionId.ToByteArray());
        hash.Append(System.Text.Encoding.UTF8.GetBytes(Environment.Version.ToString()));
        hash.Append(wasm);
        return hash.GetCurrentHash();
    }
}
