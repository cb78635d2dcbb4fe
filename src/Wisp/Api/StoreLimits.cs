namespace Wisp;

/// <summary>Resources a store's guests may claim, beyond what their modules declare (as Wasmtime's <c>StoreLimits</c>).</summary>
public sealed record StoreLimits
{
    /// <summary>
    /// Most bytes any one memory created in the store may reach (rounded down to whole 64 KiB pages):
    /// <c>memory.grow</c> past it returns -1, and a module whose memory's minimum is over it fails to
    /// instantiate with a <see cref="Runtime.LinkException"/>. Null: no limit.
    /// </summary>
    public ulong? MaxMemoryBytes { get; init; }
}
