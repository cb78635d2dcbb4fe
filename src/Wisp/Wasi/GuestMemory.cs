using System.Buffers.Binary;
using System.Text;
using Wisp.Runtime;

namespace Wisp.Wasi;

/// <summary>
/// The guest's linear memory as WASI calls see it: every pointer and length is checked against the
/// current size, and a range outside it ends the call with <see cref="Errno.Fault"/> instead of
/// touching host memory or throwing a host exception.
/// </summary>
internal readonly unsafe struct GuestMemory(LinearMemory memory)
{
    /// <summary>The most buffers one vectored call takes (Linux's IOV_MAX).</summary>
    public const uint MaxIoVectors = 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The address of [pointer, pointer+length), which must lie inside memory.</summary>
    public byte* Pointer(uint pointer, uint length)
    {
        if ((ulong)pointer + length > memory.Length)
        {
            throw new WasiErrorException(Errno.Fault);
        }

        return memory.Base + pointer;
    }

    /// <summary>Fails with <see cref="Errno.Fault"/> unless [pointer, pointer+length) lies inside memory (checked before a call has effects).</summary>
    public void Require(uint pointer, uint length) => Pointer(pointer, length);

    /// <summary>A span over [pointer, pointer+length). For lengths that may exceed 2 GiB use <see cref="Pointer"/>.</summary>
    public Span<byte> Span(uint pointer, uint length)
    {
        var start = Pointer(pointer, length);
        return length > int.MaxValue ? throw new WasiErrorException(Errno.Fault) : new Span<byte>(start, (int)length);
    }

    public byte ReadByte(uint pointer) => *Pointer(pointer, 1);

    public ushort ReadUInt16(uint pointer) => BinaryPrimitives.ReadUInt16LittleEndian(Span(pointer, 2));

    public uint ReadUInt32(uint pointer) => BinaryPrimitives.ReadUInt32LittleEndian(Span(pointer, 4));

    public ulong ReadUInt64(uint pointer) => BinaryPrimitives.ReadUInt64LittleEndian(Span(pointer, 8));

    public void WriteByte(uint pointer, byte value) => *Pointer(pointer, 1) = value;

    public void WriteUInt16(uint pointer, ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(Span(pointer, 2), value);

    public void WriteUInt32(uint pointer, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Span(pointer, 4), value);

    public void WriteUInt64(uint pointer, ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Span(pointer, 8), value);

    /// <summary>A guest path or name: strict UTF-8 (else <see cref="Errno.IllegalSequence"/>), no NUL (else <see cref="Errno.Invalid"/>).</summary>
    public string ReadPath(uint pointer, uint length)
    {
        var bytes = Span(pointer, length);
        if (bytes.IndexOf((byte)0) >= 0)
        {
            throw new WasiErrorException(Errno.Invalid);
        }

        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new WasiErrorException(Errno.IllegalSequence);
        }
    }

    /// <summary>
    /// The buffers of an iovec/ciovec array (each 8 bytes: pointer, length), every one checked. More than
    /// <see cref="MaxIoVectors"/> entries, or a total that does not fit a u32 result, is <see cref="Errno.Invalid"/>
    /// (as POSIX does past IOV_MAX), so a guest cannot make the host allocate in proportion to its memory.
    /// </summary>
    public IoVector[] ReadIoVectors(uint pointer, uint count)
    {
        if (count > MaxIoVectors)
        {
            throw new WasiErrorException(Errno.Invalid);
        }

        Require(pointer, count * 8);
        var vectors = new IoVector[count];
        ulong total = 0;
        for (uint i = 0; i < count; i++)
        {
            var buffer = ReadUInt32(pointer + (i * 8));
            var length = ReadUInt32(pointer + (i * 8) + 4);
            vectors[i] = new IoVector(Pointer(buffer, length), length);
            total += length;
        }

        return total > uint.MaxValue ? throw new WasiErrorException(Errno.Invalid) : vectors;
    }
}

/// <summary>One checked guest buffer of an iovec array.</summary>
internal readonly unsafe struct IoVector(byte* start, uint length)
{
    public byte* Start { get; } = start;

    public uint Length { get; } = length;

    public Span<byte> Span => new(Start, (int)Math.Min(Length, int.MaxValue));
}
