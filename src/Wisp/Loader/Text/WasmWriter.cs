namespace Wisp.Loader.Text;

/// <summary>A growable byte buffer with the binary format's encodings (spec 5.2): LEB128, fixed-width floats, names.</summary>
internal sealed class WasmWriter
{
    private byte[] _buffer = new byte[64];
    private int _length;

    public int Length => _length;

    public void Byte(byte value)
    {
        if (_length == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        _buffer[_length++] = value;
    }

    public void Bytes(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            Byte(b);
        }
    }

    public void Bytes(WasmWriter other) => Bytes(other.AsSpan());

    public void U32(uint value)
    {
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            Byte(value != 0 ? (byte)(b | 0x80) : b);
        }
        while (value != 0);
    }

    public void S64(long value)
    {
        while (true)
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            var done = (value == 0 && (b & 0x40) == 0) || (value == -1 && (b & 0x40) != 0);
            Byte(done ? b : (byte)(b | 0x80));
            if (done)
            {
                return;
            }
        }
    }

    public void S32(int value) => S64(value);

    public void FixedU32(uint value)
    {
        for (var i = 0; i < 4; i++)
        {
            Byte((byte)(value >> (8 * i)));
        }
    }

    public void FixedU64(ulong value)
    {
        for (var i = 0; i < 8; i++)
        {
            Byte((byte)(value >> (8 * i)));
        }
    }

    /// <summary>A vec(byte): length then bytes (names, data).</summary>
    public void Vector(ReadOnlySpan<byte> bytes)
    {
        U32((uint)bytes.Length);
        Bytes(bytes);
    }

    public ReadOnlySpan<byte> AsSpan() => _buffer.AsSpan(0, _length);

    public byte[] ToArray() => AsSpan().ToArray();
}
