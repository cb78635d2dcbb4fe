using Wisp.Diagnostics;

namespace Wisp.Runtime;

/// <summary>
/// Instantiation failed before any code ran because an import could not be satisfied
/// (spec "unlinkable": "unknown import", "incompatible import type").
/// </summary>
public sealed class LinkException(string reason) : WasmException(reason)
{
    public string Reason { get; } = reason;
}
