using System.Collections.Frozen;
using Wisp.Model;

namespace Wisp.Instructions;

/// <summary>Operand types an operator pops (bottom to top) and pushes, for operators whose typing is fixed.</summary>
public sealed record OperatorSignature(ValType[] Pops, ValType[] Pushes);

/// <summary>One row of the opcode table.</summary>
/// <param name="Opcode">The opcode.</param>
/// <param name="Mnemonic">The text-format name. Typed select shares "select" with plain select.</param>
/// <param name="Immediate">What follows the opcode.</param>
/// <param name="Signature">Fixed operand typing, or null when the validator must type the operator by hand.</param>
/// <param name="AccessWidth">For loads and stores: bytes accessed (the natural alignment); else 0.</param>
public sealed record OpcodeInfo(Opcode Opcode, string Mnemonic, ImmediateKind Immediate, OperatorSignature? Signature, int AccessWidth)
{
    /// <summary>The prefix byte (0xFC, 0xFD) or 0 for single-byte opcodes.</summary>
    public byte Prefix => (int)Opcode > 0xFF ? (byte)((int)Opcode >> 12) : (byte)0;

    /// <summary>The byte, or for prefixed opcodes the LEB128 u32 sub-opcode.</summary>
    public uint Code => (int)Opcode > 0xFF ? (uint)((int)Opcode & 0xFFF) : (uint)Opcode;
}

/// <summary>Lookups over the single opcode table (see OpcodeTable.Entries.cs).</summary>
public static partial class OpcodeTable
{
    // Initialisers run in textual order within this file; Entries must come first.
    private static readonly OpcodeInfo[] Entries = CreateEntries();
    private static readonly OpcodeInfo?[] SingleByte = BuildSingleByte();
    private static readonly FrozenDictionary<Opcode, OpcodeInfo> ByOpcode = Entries.ToFrozenDictionary(e => e.Opcode);
    private static readonly FrozenDictionary<string, OpcodeInfo> ByMnemonicMap =
        Entries.Where(e => e.Opcode != Opcode.SelectTyped).ToFrozenDictionary(e => e.Mnemonic, StringComparer.Ordinal);

    /// <summary>Every row, in opcode order.</summary>
    public static IReadOnlyList<OpcodeInfo> All => Entries;

    /// <summary>The row of a single-byte opcode, or null if the byte is not one (prefix bytes are not).</summary>
    public static OpcodeInfo? FromByte(byte code) => SingleByte[code];

    /// <summary>The row of a prefixed opcode, or null if there is none.</summary>
    public static OpcodeInfo? FromPrefixed(byte prefix, uint code) =>
        code <= 0xFFF && ByOpcode.TryGetValue((Opcode)((prefix << 12) | (int)code), out var info) ? info : null;

    public static OpcodeInfo Get(Opcode opcode) => ByOpcode[opcode];

    /// <summary>
    /// The row for a text-format mnemonic. "select" yields plain select; the text parser switches to
    /// <see cref="Opcode.SelectTyped"/> when a result type follows.
    /// </summary>
    public static bool TryGetByMnemonic(string mnemonic, out OpcodeInfo info) =>
        ByMnemonicMap.TryGetValue(mnemonic, out info!);

    private static OpcodeInfo?[] BuildSingleByte()
    {
        var table = new OpcodeInfo?[256];
        foreach (var e in Entries)
        {
            if ((int)e.Opcode <= 0xFF)
            {
                table[(int)e.Opcode] = e;
            }
        }

        return table;
    }
}
