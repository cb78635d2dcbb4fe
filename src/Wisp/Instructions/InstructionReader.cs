using Wisp.Diagnostics;
using Wisp.Loader.Binary;
using Wisp.Model;

namespace Wisp.Instructions;

/// <summary>
/// Decodes a function body's (or constant expression's) instruction bytes one instruction at a time,
/// driven by <see cref="OpcodeTable"/>. Malformed encodings raise <see cref="MalformedModuleException"/>;
/// typing is the validator's business, not this reader's.
/// </summary>
public ref struct InstructionReader
{
    private WasmReader _reader;

    /// <param name="code">Instruction bytes.</param>
    /// <param name="baseOffset">Absolute offset of <paramref name="code"/>[0] in the module.</param>
    public InstructionReader(ReadOnlySpan<byte> code, int baseOffset)
    {
        _reader = new WasmReader(code, baseOffset);
    }

    public readonly bool AtEnd => _reader.AtEnd;

    /// <summary>Absolute offset of the next instruction.</summary>
    public readonly int Offset => _reader.Offset;

    public Instruction Read()
    {
        var offset = _reader.Offset;
        var first = _reader.ReadByte();
        OpcodeInfo? info;
        if (first is 0xFC or 0xFD)
        {
            var sub = _reader.ReadU32();
            info = OpcodeTable.FromPrefixed(first, sub);
            if (info is null)
            {
                throw new MalformedModuleException($"illegal opcode 0x{first:x2} 0x{sub:x}", offset);
            }
        }
        else
        {
            info = OpcodeTable.FromByte(first)
                ?? throw new MalformedModuleException($"illegal opcode 0x{first:x2}", offset);
        }

        var op = info.Opcode;
        switch (info.Immediate)
        {
            case ImmediateKind.None:
                return new Instruction { Opcode = op, Offset = offset };
            case ImmediateKind.BlockType:
                return new Instruction { Opcode = op, Offset = offset, Block = ReadBlockType() };
            case ImmediateKind.Label:
            case ImmediateKind.Function:
            case ImmediateKind.Local:
            case ImmediateKind.Global:
            case ImmediateKind.Table:
            case ImmediateKind.Element:
            case ImmediateKind.Data:
                return new Instruction { Opcode = op, Offset = offset, Index = _reader.ReadU32() };
            case ImmediateKind.LabelTable:
                {
                    var count = _reader.ReadCount();
                    var labels = new uint[count];
                    for (var i = 0; i < count; i++)
                    {
                        labels[i] = _reader.ReadU32();
                    }

                    return new Instruction { Opcode = op, Offset = offset, Labels = labels, Index = _reader.ReadU32() };
                }

            case ImmediateKind.CallIndirect:
            case ImmediateKind.TableInit:
            case ImmediateKind.TableCopy:
                {
                    var a = _reader.ReadU32();
                    var b = _reader.ReadU32();
                    return new Instruction { Opcode = op, Offset = offset, Index = a, Index2 = b };
                }

            case ImmediateKind.MemArg:
                {
                    var align = _reader.ReadU32();
                    var memOffset = _reader.ReadU32();
                    return new Instruction { Opcode = op, Offset = offset, Index = align, Value = memOffset };
                }

            case ImmediateKind.Memory:
                return new Instruction { Opcode = op, Offset = offset, Index = ReadZeroMemoryIndex() };
            case ImmediateKind.MemoryInit:
                {
                    var data = _reader.ReadU32();
                    return new Instruction { Opcode = op, Offset = offset, Index = data, Index2 = ReadZeroMemoryIndex() };
                }

            case ImmediateKind.MemoryCopy:
                {
                    var dst = ReadZeroMemoryIndex();
                    var src = ReadZeroMemoryIndex();
                    return new Instruction { Opcode = op, Offset = offset, Index = dst, Index2 = src };
                }

            case ImmediateKind.I32:
                return new Instruction { Opcode = op, Offset = offset, Value = (ulong)(long)_reader.ReadS32() };
            case ImmediateKind.I64:
                return new Instruction { Opcode = op, Offset = offset, Value = (ulong)_reader.ReadS64() };
            case ImmediateKind.F32:
                return new Instruction { Opcode = op, Offset = offset, Value = _reader.ReadFixedU32() };
            case ImmediateKind.F64:
                return new Instruction { Opcode = op, Offset = offset, Value = _reader.ReadFixedU64() };
            case ImmediateKind.SelectTypes:
                {
                    var countOffset = _reader.Offset;
                    var count = _reader.ReadU32();
                    if (count != 1)
                    {
                        // Wasm 2.0 allows exactly one type; the testsuite calls other counts "invalid result arity".
                        throw new InvalidModuleException("invalid result arity", countOffset);
                    }

                    return new Instruction { Opcode = op, Offset = offset, ValType = ReadValueType() };
                }

            case ImmediateKind.HeapType:
                {
                    var typeOffset = _reader.Offset;
                    var b = _reader.ReadByte();
                    if (b is not ((byte)ValType.FuncRef or (byte)ValType.ExternRef))
                    {
                        throw new MalformedModuleException("malformed reference type", typeOffset);
                    }

                    return new Instruction { Opcode = op, Offset = offset, ValType = (ValType)b };
                }

            case ImmediateKind.V128:
            case ImmediateKind.Shuffle:
                {
                    var low = _reader.ReadFixedU64();
                    return new Instruction { Opcode = op, Offset = offset, Value = low, High = _reader.ReadFixedU64() };
                }

            case ImmediateKind.Lane:
                return new Instruction { Opcode = op, Offset = offset, Lane = _reader.ReadByte() };
            case ImmediateKind.MemArgLane:
                {
                    var align = _reader.ReadU32();
                    var memOffset = _reader.ReadU32();
                    return new Instruction { Opcode = op, Offset = offset, Index = align, Value = memOffset, Lane = _reader.ReadByte() };
                }

            default:
                throw new MalformedModuleException($"unsupported immediate {info.Immediate}", offset);
        }
    }

    private BlockType ReadBlockType()
    {
        var start = _reader.Offset;
        var b = _reader.PeekByte();
        if (b == 0x40)
        {
            _reader.ReadByte();
            return BlockType.Empty;
        }

        if (ValTypes.IsValid(b))
        {
            _reader.ReadByte();
            return BlockType.Of((ValType)b);
        }

        var index = _reader.ReadS33();
        if (index < 0)
        {
            throw new MalformedModuleException("malformed block type", start);
        }

        return BlockType.OfTypeIndex((uint)index);
    }

    private ValType ReadValueType()
    {
        var start = _reader.Offset;
        var b = _reader.ReadByte();
        if (!ValTypes.IsValid(b))
        {
            throw new MalformedModuleException("malformed value type", start);
        }

        return (ValType)b;
    }

    /// <summary>Wasm 2.0 has one memory; its index is encoded as the single byte 0x00 (spec 5.4.6).</summary>
    private uint ReadZeroMemoryIndex()
    {
        var start = _reader.Offset;
        var b = _reader.ReadByte();
        if (b != 0)
        {
            throw new MalformedModuleException("zero byte expected", start);
        }

        return 0;
    }
}
