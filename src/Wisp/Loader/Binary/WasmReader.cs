using System.Buffers.Binary;
using System.Text;
using Wisp.Diagnostics;

namespace Wisp.Loader.Binary;

/// <summary>
/// A forward-only cursor over Wasm bytes with the spec's strict LEB128 rules (spec 5.2.2).
/// Every failure is a <see cref="MalformedModuleException"/> carrying the absolute offset; it never
/// throws anything else, whatever the input.
/// </summary>
public ref struct WasmReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlySpan<byte> _bytes;
    private readonly int _baseOffset;
    private int _position;

    /// <param name="bytes">The bytes to read.</param>
    /// <param name="baseOffset">Absolute offset of <paramref name="bytes"/>[0] in the module, for error messages.</param>
    public WasmReader(ReadOnlySpan<byte> bytes, int baseOffset = 0)
    {
        _bytes = bytes;
        _baseOffset = baseOffset;
    }

    /// <summary>Position relative to the start of this reader's span.</summary>
    public int Position
    {
        readonly get => _position;
        set => _position = value;
    }

    /// <summary>Absolute offset of the next byte in the module.</summary>
    public readonly int Offset => _baseOffset + _position;

    public readonly int Remaining => _bytes.Length - _position;

    public readonly bool AtEnd => _position >= _bytes.Length;

    public readonly MalformedModuleException Error(string reason) => new(reason, Offset);

    public readonly MalformedModuleException Error(string reason, int absoluteOffset) => new(reason, absoluteOffset);

    public byte ReadByte()
    {
        if (_position >= _bytes.Length)
        {
            throw Error("unexpected end");
        }

        return _bytes[_position++];
    }

    public readonly byte PeekByte()
    {
        if (_position >= _bytes.Length)
        {
            throw Error("unexpected end");
        }

        return _bytes[_position];
    }

    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        if (count < 0 || count > Remaining)
        {
            throw Error("unexpected end");
        }

        var span = _bytes.Slice(_position, count);
        _position += count;
        return span;
    }

    public uint ReadU32() => (uint)ReadUnsigned(32);

    public ulong ReadU64() => ReadUnsigned(64);

    public int ReadS32() => (int)ReadSigned(32);

    public long ReadS64() => ReadSigned(64);

    /// <summary>A signed 33-bit LEB128 (block types); the result fits in a long.</summary>
    public long ReadS33() => ReadSigned(33);

    public uint ReadFixedU32()
    {
        var span = ReadBytes(4);
        return BinaryPrimitives.ReadUInt32LittleEndian(span);
    }

    public ulong ReadFixedU64()
    {
        var span = ReadBytes(8);
        return BinaryPrimitives.ReadUInt64LittleEndian(span);
    }

    /// <summary>A name: u32 length then that many bytes of valid UTF-8 (spec 5.2.4).</summary>
    public string ReadName()
    {
        var length = ReadU32();
        if (length > Remaining)
        {
            throw Error("unexpected end");
        }

        var bytes = ReadBytes((int)length);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Error("malformed UTF-8 encoding");
        }
    }

    /// <summary>
    /// A vector length. It can never exceed the bytes left (every element takes at least one byte),
    /// which rejects absurd counts before anything is allocated for them.
    /// </summary>
    public int ReadCount()
    {
        var start = Offset;
        var count = ReadU32();
        if (count > Remaining)
        {
            throw Error("unexpected end", start);
        }

        return (int)count;
    }

    private ulong ReadUnsigned(int bits)
    {
        ulong result = 0;
        var shift = 0;
        while (true)
        {
            var b = ReadByte();
            var remainingBits = bits - shift;
            if (remainingBits < 7)
            {
                // Last permitted byte: no continuation, and unused high bits must be zero.
                if ((b & 0x80) != 0)
                {
                    throw Error("integer representation too long");
                }

                if ((b >> remainingBits) != 0)
                {
                    throw Error("integer too large");
                }
            }

            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }

            shift += 7;
            if (shift >= bits)
            {
                throw Error("integer representation too long");
            }
        }
    }

    private long ReadSigned(int bits)
    {
        long result = 0;
        var shift = 0;
        while (true)
        {
            var b = ReadByte();
            var remainingBits = bits - shift;
            if (remainingBits < 7)
            {
                if ((b & 0x80) != 0)
                {
                    throw Error("integer representation too long");
                }

                // The unused high bits must all equal the sign bit of the value.
                var signAndUnused = (sbyte)(b << 1) >> remainingBits;
                if (signAndUnused != 0 && signAndUnused != -1)
                {
                    throw Error("integer too large");
                }
            }

            result |= (long)(b & 0x7F) << shift;
            shift += 7;
            if ((b & 0x80) == 0)
            {
                if (shift < 64 && (b & 0x40) != 0)
                {
                    result |= -1L << shift;
                }

                return result;
            }

            if (shift >= bits)
            {
                throw Error("integer representation too long");
            }
        }
    }
}
