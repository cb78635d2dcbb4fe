using System.Buffers.Binary;
using System.IO.Hashing;

namespace Wisp.Compilation.Caching;

/// <summary>
/// The file holding a compiled image: a cache entry, or a <c>.wisp</c> file from <c>wisp compile</c>,
/// which also embeds the module's bytes so it can be recompiled when the key no longer matches.
/// Layout: magic, key, the two lengths, an XxHash64 of the payload (against damage, not tampering:
/// these files are trusted), then the payload (Wasm bytes, image bytes). Reading checks every part, so a truncated, corrupt or foreign file is refused, never loaded.
/// </summary>
internal static class CompiledImageFile
{
    /// <summary>"WISPIMG" and a format byte; bump the last byte when the layout changes.</summary>
    public static ReadOnlySpan<byte> Magic => "WISPIMG\u0002"u8;

    private const int DigestLength = 8;

    private static int HeaderLength => Magic.Length + CacheKey.Length + 8 + 8 + DigestLength;

    /// <summary>Whether <paramref name="bytes"/> starts like a compiled image file (it may still be corrupt).</summary>
    public static bool HasMagic(ReadOnlySpan<byte> bytes) => bytes.StartsWith(Magic);

    public static byte[] Write(ReadOnlySpan<byte> key, ReadOnlySpan<byte> wasm, ReadOnlySpan<byte> image)
    {
        var file = new byte[HeaderLength + wasm.Length + image.Length];
        var span = file.AsSpan();
        Magic.CopyTo(span);
        var at = Magic.Length;
        key.CopyTo(span[at..]);
        at += CacheKey.Length;
        BinaryPrimitives.WriteInt64LittleEndian(span[at..], wasm.Length);
        BinaryPrimitives.WriteInt64LittleEndian(span[(at + 8)..], image.Length);
        at += 16;
        var digest = span.Slice(at, DigestLength);
        at += DigestLength;
        wasm.CopyTo(span[at..]);
        image.CopyTo(span[(at + wasm.Length)..]);
        XxHash64.Hash(span[at..], digest);
        return file;
    }

    /// <summary>Reads a file written by <see cref="Write"/>; false for anything else (too short, wrong magic, lengths or digest).</summary>
    public static bool TryRead(byte[] file, out ReadOnlyMemory<byte> key, out ReadOnlyMemory<byte> wasm, out ReadOnlyMemory<byte> image)
    {
        key = wasm = image = default;
        if (file.Length < HeaderLength || !HasMagic(file))
        {
            return false;
        }

        var span = file.AsSpan();
        var at = Magic.Length;
        var keyAt = at;
        at += CacheKey.Length;
        var wasmLength = BinaryPrimitives.ReadInt64LittleEndian(span[at..]);
        var imageLength = BinaryPrimitives.ReadInt64LittleEndian(span[(at + 8)..]);
        at += 16;
        var payload = (long)file.Length - HeaderLength;
        if (wasmLength < 0 || imageLength < 0 || wasmLength > payload || imageLength != payload - wasmLength)
        {
            return false;
        }

        Span<byte> digest = stackalloc byte[DigestLength];
        XxHash64.Hash(span[HeaderLength..], digest);
        if (!digest.SequenceEqual(span.Slice(at, DigestLength)))
        {
            return false;
        }

        key = file.AsMemory(keyAt, CacheKey.Length);
        wasm = file.AsMemory(HeaderLength, (int)wasmLength);
        image = file.AsMemory(HeaderLength + (int)wasmLength);
        return true;
    }
}
