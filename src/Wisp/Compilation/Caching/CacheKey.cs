using System.Security.Cryptography;
using Wisp.Runtime;

namespace Wisp.Compilation.Caching;

/// <summary>
/// What a compiled image depends on, hashed: the module's bytes, the exact build of <c>Wisp.Core</c>
/// (its module version id changes whenever its code does), the .NET runtime version and the engine
/// settings that change the generated code. Two inputs with the same key compile to the same image.
/// </summary>
internal static class CacheKey
{
    public const int Length = SHA256.HashSizeInBytes;

    /// <summary>Bumped when the image file layout or the meaning of a key changes.</summary>
    private const int FormatVersion = 1;

    public static byte[] Compute(ReadOnlySpan<byte> wasm, bool validated, InterruptionChecks checks)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> header = stackalloc byte[8];
        BitConverter.TryWriteBytes(header, FormatVersion);
        header[4] = validated ? (byte)1 : (byte)0;
        header[5] = (byte)checks;
        hash.AppendData(header);
        hash.AppendData(typeof(CacheKey).Module.ModuleVersionId.ToByteArray());
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes(Environment.Version.ToString()));
        hash.AppendData(wasm);
        return hash.GetHashAndReset();
    }
}
