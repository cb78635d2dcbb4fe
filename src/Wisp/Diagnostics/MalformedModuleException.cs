namespace Wisp.Diagnostics;

/// <summary>
/// The binary is not a well-formed module (spec 5, "malformed"). <see cref="Reason"/> uses the
/// spec testsuite's wording where it has one (e.g. "unexpected end", "integer too large").
/// </summary>
public sealed class MalformedModuleException(string reason, long offset)
    : WasmException($"malformed module at offset 0x{offset:x}: {reason}")
{
    public string Reason { get; } = reason;

    /// <summary>Byte offset in the module binary where decoding failed.</summary>
    public long Offset { get; } = offset;
}
