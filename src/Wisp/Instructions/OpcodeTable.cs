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
    // Initialisers run in textual order within this file; Entries must come first. Lookups are plain
    // arrays indexed by code: the class is initialised in every process that loads a module, and
    // building frozen dictionaries (generic code over Wisp's types, which ReadyToRun cannot
    // precompile) cost more start-up time than everything else in decoding a small module.
    private static readonly OpcodeInfo[] Entries = CreateEntries();
    private static readonly OpcodeInfo?[] SingleByte = BuildSingleByte();
    private static readonly OpcodeInfo?[][] ByPrefix = BuildPrefixed();
    private static Dictionary<string, OpcodeInfo>? _byMnemonic;

    /// <summary>Every row, in opcode order.</summary>
    public static IReadOnlyList<OpcodeInfo> All => Entries;

    /// <summary>The row of a single-byte opcode, or null if the byte is not one (prefix bytes are not).</summary>
    public static OpcodeInfo? FromByte(byte code) => SingleByte[code];

    /// <summary>The row of a prefixed opcode, or null if there is none.</summary>
    public static OpcodeInfo? FromPrefixed(byte prefix, uint code) =>
        ByPrefix[prefix] is { } rows && code < (uint)rows.Length ? rows[code] : null;

    public static OpcodeInfo Get(Opcode opcode) =>
        ((int)opcode <= 0xFF ? FromByte((byte)opcode) : FromPrefixed((byte)((int)opcode >> 12), (uint)opcode & 0xFFF))
        ?? throw new KeyNotFoundException($"no opcode {opcode}");

    /// <summary>
    /// The row for a text-format mnemonic. "select" yields plain select; the text parser switches to
    /// <see cref="Opcode.SelectTyped"/> when a result type follows.
    /// </summary>
    public static bool TryGetByMnemonic(string mnemonic, out OpcodeInfo info) =>
        (_byMnemonic ??= BuildByMnemonic()).TryGetValue(mnemonic, out info!);

    // Only the text parser needs it; a race builds two equal maps, which is harmless.
    private static Dictionary<string, OpcodeInfo> BuildByMnemonic()
    {
        var map = new Dictionary<string, OpcodeInfo>(Entries.Length, StringComparer.Ordinal);
        foreach (var e in Entries)
        {
            if (e.Opcode != Opcode.SelectTyped)
            {
                map.Add(e.Mnemonic, e);
            }
        }

        return map;
    }

    /// <summary>Rows of prefixed opcodes by prefix byte, each an array indexed by sub-opcode.</summary>
    private static OpcodeInfo?[][] BuildPrefixed()
    {
        var byPrefix = new OpcodeInfo?[256][];
        foreach (var e in Entries)
        {
            if (e.Prefix != 0)
            {
                var rows = byPrefix[e.Prefix] ?? [];
                if (rows.Length <= e.Code)
                {
                    Array.Resize(ref rows, (int)e.Code + 1);
                }

                rows[e.Code] = e;
                byPrefix[e.Prefix] = rows;
            }
        }

        return byPrefix;
    }

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
