namespace Wisp.Runtime;

/// <summary>
/// Zeros that compiled code XORs into a rotate's result before a branch or compare can consume it.
/// RyuJIT (.NET 10) treats x86 <c>rol</c>/<c>ror</c> as setting the zero flag, which they do not, and
/// branches on stale flags: <c>(br_if (i32.rotl (local.get 0) (i32.const 17)))</c> went the wrong way.
/// An <c>xor</c> with a value the JIT cannot fold sets the flags for real. The fields are mutable so the
/// JIT cannot treat them as constants; nothing writes them.
/// </summary>
internal static class RotateFlagsBarrier
{
#pragma warning disable CA2211 // Mutable on purpose, see above.
    public static int Zero32;
    public static long Zero64;
#pragma warning restore CA2211
}
