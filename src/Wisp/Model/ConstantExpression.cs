namespace Wisp.Model;

/// <summary>
/// A constant expression (global initialisers, segment offsets, element items), kept as its encoded
/// instruction bytes including the final <c>end</c>. The validator checks it and the runtime evaluates it.
/// </summary>
public sealed class ConstantExpression(ReadOnlyMemory<byte> code, int offset)
{
    /// <summary>The encoded instructions, <c>end</c> (0x0B) included.</summary>
    public ReadOnlyMemory<byte> Code { get; } = code;

    /// <summary>Byte offset of the expression in the module binary, for diagnostics.</summary>
    public int Offset { get; } = offset;
}
