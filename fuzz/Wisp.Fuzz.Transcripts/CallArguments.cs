using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Wisp.Model;

namespace Wisp.Fuzz.Transcripts;

/// <summary>
/// Arguments for exported functions, derived from the module's bytes and the export's name alone, so a
/// reproducer replays with the same arguments without storing them. Drawn mostly from edge values,
/// where engines disagree most often.
/// </summary>
public static class CallArguments
{
    private static readonly int[] Int32Edges = [0, 1, -1, 2, int.MinValue, int.MaxValue, 31, 32, 0xFFFF, 0x10000, -0x10000, 65535 * 16];
    private static readonly long[] Int64Edges = [0, 1, -1, long.MinValue, long.MaxValue, 63, 64, uint.MaxValue, int.MinValue, 0x1_0000_0000];
    private static readonly uint[] Float32Edges = [0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x7f800000, 0xff800000, 0x7fc00000, 0x7fa00001, 0x00000001, 0x7f7fffff, 0x4f000000, 0xcf000000];
    private static readonly ulong[] Float64Edges = [0, 0x8000000000000000, 0x3ff0000000000000, 0xbff0000000000000, 0x7ff0000000000000, 0xfff0000000000000, 0x7ff8000000000000, 0x7ff4000000000001, 1, 0x41e0000000000000, 0xc3e0000000000000];

    public static NeutralValue[] For(byte[] wasm, ExportedFunction function)
    {
        var digest = SHA256.HashData([.. wasm, .. Encoding.UTF8.GetBytes(function.Name)]);
        var random = new Random(BinaryPrimitives.ReadInt32LittleEndian(digest));
        return function.Parameters.Select(type => Draw(random, type)).ToArray();
    }

    private static NeutralValue Draw(Random random, ValType type)
    {
        // One draw in four is an arbitrary value rather than an edge.
        var edge = random.Next(4) != 0;
        return type switch
        {
            ValType.I32 => NeutralValue.I32(edge ? Int32Edges[random.Next(Int32Edges.Length)] : random.Next(int.MinValue, int.MaxValue)),
            ValType.I64 => NeutralValue.I64(edge ? Int64Edges[random.Next(Int64Edges.Length)] : random.NextInt64(long.MinValue, long.MaxValue)),
            ValType.F32 => NeutralValue.F32Bits(edge ? Float32Edges[random.Next(Float32Edges.Length)] : (uint)random.Next(int.MinValue, int.MaxValue)),
            ValType.F64 => NeutralValue.F64Bits(edge ? Float64Edges[random.Next(Float64Edges.Length)] : (ulong)random.NextInt64(long.MinValue, long.MaxValue)),
            _ => NeutralValue.Reference(type, isNull: true),
        };
    }
}
