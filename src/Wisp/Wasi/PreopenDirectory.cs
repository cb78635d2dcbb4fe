namespace Wisp.Wasi;

/// <summary>
/// A host directory made reachable to the guest under <paramref name="GuestPath"/>. The guest reaches
/// it and what lies beneath it, nothing else; <paramref name="ReadOnly"/> withholds every right that
/// would change the file system.
/// </summary>
public sealed record PreopenDirectory(string HostPath, string GuestPath, bool ReadOnly = false);
