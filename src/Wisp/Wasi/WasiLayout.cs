namespace Wisp.Wasi;

/// <summary>
/// Which ABI a guest was built against. <c>wasi_unstable</c> (snapshot 0) differs from preview1 only in
/// layout details: <c>whence</c> numbering, a 32-bit <c>nlink</c> in <c>filestat</c>, and an extra
/// identifier in clock subscriptions.
/// </summary>
internal enum WasiLayout
{
    Preview1,
    Unstable,
}
