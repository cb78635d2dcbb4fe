namespace Wisp.Diagnostics;

/// <summary>
/// The module is well formed but fails validation (spec 3, "invalid"). <see cref="Reason"/> uses the
/// spec testsuite's wording where it has one (e.g. "type mismatch", "unknown local").
/// </summary>
public sealed class InvalidModuleException(string reason, long offset, string? location = null)
    : WasmException(location is null
        ? $"invalid module at offset 0x{offset:x}: {reason}"
        : $"invalid module at offset 0x{offset:x} ({location}): {reason}")
{
    public string Reason { get; } = reason;

    /// <summary>Byte offset of the offending instruction or entry, or -1 if none applies.</summary>
    public long Offset { get; } = offset;
}
