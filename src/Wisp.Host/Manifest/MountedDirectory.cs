namespace Wisp.Serving.Manifest;

/// <summary>A host directory preopened for the guest at <paramref name="GuestPath"/>; read-only unless <paramref name="Writable"/>.</summary>
public sealed record MountedDirectory(string HostPath, string GuestPath, bool Writable);
