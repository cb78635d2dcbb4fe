using Wisp.Diagnostics;
using Wisp.Loader.Binary;

namespace Wisp.Tests.Loader.Binary;

/// <summary>Hand-written module binaries for decoder tests: the header followed by sections given as id and content.</summary>
internal static class BinaryModule
{
    public static readonly byte[] Header = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00];

    /// <summary>The header, then each section as id, LEB128 size and content.</summary>
    public static byte[] Of(params (byte Id, byte[] Content)[] sections)
    {
        var bytes = new List<byte>(Header);
        foreach (var (id, content) in sections)
        {
            bytes.Add(id);
            bytes.AddRange(Leb128((uint)content.Length));
            bytes.AddRange(content);
        }

        return bytes.ToArray();
    }

    /// <summary>The header followed by raw bytes (for broken section framing).</summary>
    public static byte[] Raw(params byte[] afterHeader) => [.. Header, .. afterHeader];

    public static byte[] Leb128(uint value)
    {
        var bytes = new List<byte>();
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        bytes.Add((byte)value);
        return bytes.ToArray();
    }

    /// <summary>Decodes, expecting a malformed module; returns the exception for its reason and offset.</summary>
    public static MalformedModuleException Reject(byte[] bytes) =>
        Assert.Throws<MalformedModuleException>(() => ModuleDecoder.Decode(bytes));

    /// <summary>The type section with one function type [] -> [].</summary>
    public static (byte, byte[]) EmptyFunctionType => (1, [0x01, 0x60, 0x00, 0x00]);
}
