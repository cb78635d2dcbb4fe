namespace Wisp.Wasi;

/// <summary>
/// Ends a WASI call early with an errno (most often <see cref="Errno.Fault"/> for a bad guest pointer).
/// Never leaves the WASI layer: the dispatcher returns <see cref="Errno"/> to the guest.
/// </summary>
internal sealed class WasiErrorException(Errno errno) : Exception($"WASI error {errno}")
{
    public Errno Errno { get; } = errno;
}
