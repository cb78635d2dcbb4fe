using System.Text;
using Wisp.Diagnostics;
using Wisp.Instructions;
using Wisp.Model;

namespace Wisp.Loader.Binary;

/// <summary>
/// A <see cref="WasmReader"/> over a whole module plus the reads that sections share: lengths, names,
/// types, limits and constant expressions (spec 5.2-5.4).
/// </summary>
/// <remarks>
/// Sections are read from the module-wide cursor and their size is checked afterwards, as the
/// reference interpreter does; the testsuite's error wording (e.g. "length out of bounds" versus
/// "unexpected end of section or function") follows from that reading order.
/// </remarks>
internal ref struct ModuleCursor
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlyMemory<byte> _module;
    private WasmReader _reader;

    public ModuleCursor(ReadOnlyMemory<byte> module)
    {
        _module = module;
        _reader = new WasmReader(module.Span);
    }

    /// <summary>Absolute offset of the next byte.</summary>
    public readonly int Offset => _reader.Offset;

    public readonly bool AtEnd => _reader.AtEnd;

    public readonly int Length => _module.Length;

    public readonly MalformedModuleException Error(string reason, int offset) => new(reason, offset);

    public byte ReadByte() => _reader.ReadByte();

    public readonly byte PeekByte() => _reader.PeekByte();

    public uint ReadU32() => _reader.ReadU32();

    public void Skip(int count) => _reader.ReadBytes(count);

    /// <summary>The module bytes in [start, start + length), which the caller has already read.</summary>
    public readonly ReadOnlyMemory<byte> Slice(int start, int length) => _module.Slice(start, length);

    /// <summary>
    /// A vector length or byte count. One larger than what is left of the module (counting from the
    /// length itself) is "length out of bounds"; anything smaller cannot make an allocation exceed
    /// the module's size.
    /// </summary>
    public int ReadLength()
    {
        var start = _reader.Offset;
        var length = _reader.ReadU32();
        if (length > (uint)(_module.Length - start))
        {
            throw Error("length out of bounds", start);
        }

        return (int)length;
    }

    /// <summary>A length-prefixed byte string, as a slice of the module (no copy).</summary>
    public ReadOnlyMemory<byte> ReadByteString()
    {
        var length = ReadLength();
        var start = _reader.Offset;
        _reader.ReadBytes(length);
        return _module.Slice(start, length);
    }

    /// <summary>A name: a byte string that must be valid UTF-8 (spec 5.2.4).</summary>
    public string ReadName()
    {
        var start = _reader.Offset;
        var bytes = ReadByteString();
        try
        {
            return StrictUtf8.GetString(bytes.Span);
        }
        catch (DecoderFallbackException)
        {
            throw Error("malformed UTF-8 encoding", start);
        }
    }

    public ValType ReadValType()
    {
        var start = _reader.Offset;
        var b = _reader.ReadByte();
        return ValTypes.IsValid(b) ? (ValType)b : throw Error("malformed value type", start);
    }

    public ValType ReadRefType()
    {
        var start = _reader.Offset;
        var b = _reader.ReadByte();
        return b is (byte)ValType.FuncRef or (byte)ValType.ExternRef ? (ValType)b : throw Error("malformed reference type", start);
    }

    /// <summary>
    /// Limits (spec 5.3.7). The flag is read as a 1-bit LEB128, as the reference interpreter does, so a
    /// flag of 2 or more is "integer too large" and a continuation bit is "integer representation too long".
    /// </summary>
    public Limits ReadLimits()
    {
        var start = _reader.Offset;
        var flag = _reader.ReadByte();
        if ((flag & 0x7F) > 1)
        {
            throw Error("integer too large", start);
        }

        if ((flag & 0x80) != 0)
        {
            throw Error("integer representation too long", start + 1);
        }

        var minimum = _reader.ReadU32();
        uint? maximum = flag == 1 ? _reader.ReadU32() : null;
        return new Limits(minimum, maximum);
    }

    public TableType ReadTableType()
    {
        var elementType = ReadRefType();
        return new TableType(elementType, ReadLimits());
    }

    public MemoryType ReadMemoryType() => new(ReadLimits());

    public GlobalType ReadGlobalType()
    {
        var type = ReadValType();
        var start = _reader.Offset;
        return _reader.ReadByte() switch
        {
            0 => new GlobalType(type, Mutable: false),
            1 => new GlobalType(type, Mutable: true),
            _ => throw Error("malformed mutability", start),
        };
    }

    /// <summary>
    /// A constant expression: instructions up to the <c>end</c> that closes it, kept as bytes.
    /// </summary>
    public ConstantExpression ReadConstantExpression()
    {
        var start = _reader.Offset;
        SkipInstructions();
        return new ConstantExpression(_module.Slice(start, _reader.Offset - start), start);
    }

    /// <summary>Moves to an absolute offset (for a second look at bytes already read).</summary>
    public void Seek(int offset) => _reader.Position = offset;

    /// <summary>
    /// Steps over an instruction sequence and the <c>end</c> that closes it. Wasm 2.0 constant
    /// expressions have no blocks, but nesting is tracked so that any sequence is delimited
    /// correctly; which instructions are allowed is the validator's business.
    /// </summary>
    public void SkipInstructions()
    {
        var depth = 0;
        while (true)
        {
            var opcodeOffset = _reader.Offset;
            if (_reader.PeekByte() == (byte)Opcode.SelectTyped)
            {
                // InstructionReader reports a type count other than one as invalid (a validation
                // error); here the types only need stepping over.
                _reader.ReadByte();
                for (var count = ReadLength(); count > 0; count--)
                {
                    ReadValType();
                }

                continue;
            }

            var instructions = new InstructionReader(_module.Span[opcodeOffset..], opcodeOffset);
            var instruction = instructions.Read();
            _reader.Position = instructions.Offset;
            switch (instruction.Opcode)
            {
                case Opcode.Block or Opcode.Loop or Opcode.If:
                    depth++;
                    break;
                case Opcode.Else when depth == 0:
                    throw Error("END opcode expected", opcodeOffset);
                case Opcode.End when depth == 0:
                    return;
                case Opcode.End:
                    depth--;
                    break;
            }
        }
    }
}
