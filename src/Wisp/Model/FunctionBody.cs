namespace Wisp.Model;

/// <summary>A run of locals of one type, as declared in a code entry.</summary>
public readonly record struct LocalGroup(uint Count, ValType Type);

/// <summary>
/// A defined function's code entry (spec 5.5.13): its local declarations and its instruction bytes.
/// Decoding of instructions is left to the validator and compiler, so that a large module costs
/// little to load and functions that never run are never looked at twice.
/// </summary>
public sealed class FunctionBody(LocalGroup[] locals, ReadOnlyMemory<byte> code, int codeOffset)
{
    public IReadOnlyList<LocalGroup> Locals { get; } = locals;

    /// <summary>The instruction bytes, up to and including the function's final <c>end</c>.</summary>
    public ReadOnlyMemory<byte> Code { get; } = code;

    /// <summary>Byte offset of <see cref="Code"/> within the module binary.</summary>
    public int CodeOffset { get; } = codeOffset;
}
