using Wisp.Model;

namespace Wisp.Instructions;

/// <summary>
/// One decoded instruction. Which immediate fields are meaningful depends on
/// <see cref="OpcodeInfo.Immediate"/>:
/// <list type="bullet">
/// <item>Label, Function, Local, Global, Table, Element, Data: <see cref="Index"/>.</item>
/// <item>CallIndirect: <see cref="Index"/> = type index, <see cref="Index2"/> = table index.</item>
/// <item>TableInit: <see cref="Index"/> = element index, <see cref="Index2"/> = table index.</item>
/// <item>TableCopy: <see cref="Index"/> = destination table, <see cref="Index2"/> = source table.</item>
/// <item>MemoryInit: <see cref="Index"/> = data index, <see cref="Index2"/> = memory index.</item>
/// <item>Memory, MemoryCopy: <see cref="Index"/> (and <see cref="Index2"/>) = memory indices.</item>
/// <item>MemArg: <see cref="Index"/> = alignment exponent, <see cref="Value"/> = offset, <see cref="Index2"/> = memory index.</item>
/// <item>I32, I64: <see cref="Value"/> = the value (sign-extended to 64 bits); F32, F64: the raw IEEE bits.</item>
/// <item>BlockType: <see cref="Block"/>.</item>
/// <item>LabelTable: <see cref="Labels"/> (targets), <see cref="Index"/> = default target.</item>
/// <item>SelectTypes, HeapType: <see cref="ValType"/>.</item>
/// <item>V128, Shuffle: <see cref="Value"/> = the low 8 bytes, <see cref="High"/> = the high 8 bytes (little-endian).</item>
/// <item>Lane: <see cref="Lane"/>. MemArgLane: as MemArg, plus <see cref="Lane"/>.</item>
/// </list>
/// </summary>
public readonly struct Instruction
{
    public required Opcode Opcode { get; init; }

    /// <summary>Absolute offset of the opcode byte in the module binary.</summary>
    public required int Offset { get; init; }

    public uint Index { get; init; }

    public uint Index2 { get; init; }

    public ulong Value { get; init; }

    /// <summary>The high 8 bytes of a v128 constant or shuffle mask.</summary>
    public ulong High { get; init; }

    /// <summary>A lane index immediate.</summary>
    public byte Lane { get; init; }

    public BlockType Block { get; init; }

    public ValType ValType { get; init; }

    public uint[]? Labels { get; init; }

    public OpcodeInfo Info => OpcodeTable.Get(Opcode);

    public int I32 => (int)Value;

    public long I64 => (long)Value;

    public uint F32Bits => (uint)Value;

    public ulong F64Bits => Value;
}
