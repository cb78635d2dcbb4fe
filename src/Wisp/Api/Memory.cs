using System.Buffers.Binary;
using System.Text;
using Wisp.Model;
using Wisp.Runtime;

namespace Wisp;

/// <summary>
/// A linear memory, read and written by the host through spans and little-endian accessors.
/// Out-of-bounds accesses raise the same <see cref="TrapException"/> a guest access would.
/// </summary>
public sealed class Memory : Extern
{
    public Memory(LinearMemory runtime)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        Runtime = runtime;
    }

    /// <summary>A new memory of <paramref name="minimumPages"/> pages (64 KiB each), owned by <paramref name="store"/>.</summary>
    public Memory(Store store, uint minimumPages, uint? maximumPages = null)
        : this(new LinearMemory(new MemoryType(new Limits(minimumPages, maximumPages)), store?.Control.MaxMemoryPages))
    {
        ArgumentNullException.ThrowIfNull(store);
        store.Adopt(Runtime);
    }

    public LinearMemory Runtime { get; }

    public override ExternalValue ExternalValue => Runtime;

    /// <summary>The current size in pages.</summary>
    public uint Size => Runtime.Pages;

    /// <summary>The current size in bytes.</summary>
    public ulong Length => Runtime.Length;

    public uint? Maximum => Runtime.Type.Limits.Maximum;

    /// <summary>The bytes at [offset, offset+length). Valid until the memory is released; growing does not move it.</summary>
    public Span<byte> GetSpan(ulong offset, int length) => Runtime.GetSpan(offset, length);

    /// <summary>Grows by <paramref name="deltaPages"/> pages and returns the previous size; throws if the memory cannot grow that far.</summary>
    public uint Grow(uint deltaPages)
    {
        var previous = Runtime.Grow(deltaPages);
        return previous >= 0
            ? (uint)previous
            : throw new InvalidOperationException($"memory of {Size} pages cannot grow by {deltaPages} pages (maximum {Maximum?.ToString() ?? "65536"})");
    }

    public byte ReadByte(ulong offset) => GetSpan(offset, 1)[0];

    public void WriteByte(ulong offset, byte value) => GetSpan(offset, 1)[0] = value;

    public short ReadInt16(ulong offset) => BinaryPrimitives.ReadInt16LittleEndian(GetSpan(offset, 2));

    public void WriteInt16(ulong offset, short value) => BinaryPrimitives.WriteInt16LittleEndian(GetSpan(offset, 2), value);

    public int ReadInt32(ulong offset) => BinaryPrimitives.ReadInt32LittleEndian(GetSpan(offset, 4));

    public void WriteInt32(ulong offset, int value) => BinaryPrimitives.WriteInt32LittleEndian(GetSpan(offset, 4), value);

    public long ReadInt64(ulong offset) => BinaryPrimitives.ReadInt64LittleEndian(GetSpan(offset, 8));

    public void WriteInt64(ulong offset, long value) => BinaryPrimitives.WriteInt64LittleEndian(GetSpan(offset, 8), value);

    public float ReadSingle(ulong offset) => BinaryPrimitives.ReadSingleLittleEndian(GetSpan(offset, 4));

    public void WriteSingle(ulong offset, float value) => BinaryPrimitives.WriteSingleLittleEndian(GetSpan(offset, 4), value);

    public double ReadDouble(ulong offset) => BinaryPrimitives.ReadDoubleLittleEndian(GetSpan(offset, 8));

    public void WriteDouble(ulong offset, double value) => BinaryPrimitives.WriteDoubleLittleEndian(GetSpan(offset, 8), value);

    /// <summary>Decodes <paramref name="length"/> bytes of UTF-8 (invalid sequences become U+FFFD).</summary>
    public string ReadString(ulong offset, int length) => Encoding.UTF8.GetString(GetSpan(offset, length));

    /// <summary>Writes <paramref name="value"/> as UTF-8 (no terminator) and returns the number of bytes written.</summary>
    public int WriteString(ulong offset, string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        return Encoding.UTF8.GetBytes(value, GetSpan(offset, length));
    }
}
