using System.Runtime.InteropServices;

namespace Wisp.Runtime;

/// <summary>
/// The libc calls and constants for mapping and protecting memory (Linux and macOS), shared by
/// linear memories' blocks, guarded slots and the guard-page fault handler's code page.
/// </summary>
internal static unsafe class PosixMemory
{
    public const int ProtNone = 0;
    public const int ProtReadWrite = 0x1 | 0x2;
    public const int ProtReadExecute = 0x1 | 0x4;
    public const int MapPrivate = 0x02;
    public const int MapAnonymousLinux = 0x20;
    public const int MapAnonymousMac = 0x1000;
    public const int MapNoReserveLinux = 0x4000;
    public const int MadviseDontNeed = 4;

    [DllImport("libc", SetLastError = true)]
    public static extern void* mmap(void* address, nuint length, int protection, int flags, int fd, nint offset);

    [DllImport("libc", SetLastError = true)]
    public static extern int mprotect(void* address, nuint length, int protection);

    [DllImport("libc", SetLastError = true)]
    public static extern int madvise(void* address, nuint length, int advice);

    [DllImport("libc", SetLastError = true)]
    public static extern int munmap(void* address, nuint length);
}
