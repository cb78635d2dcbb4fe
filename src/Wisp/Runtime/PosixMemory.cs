using System.Runtime.InteropServices;

namespace Wisp.Runtime;

/// <summary>
/// The libc calls and constants for mapping and protecting memory (Linux and macOS), shared by
/// linear memories' blocks, guarded slots and the guard-page fault handler's code page.
/// </summary>
internal static unsafe partial class PosixMemory
{
    public const int ProtNone = 0;
    public const int ProtReadWrite = 0x1 | 0x2;
    public const int ProtReadExecute = 0x1 | 0x4;
    public const int MapPrivate = 0x02;
    public const int MapAnonymousLinux = 0x20;
    public const int MapAnonymousMac = 0x1000;
    public const int MapNoReserveLinux = 0x4000;
    public const int MadviseDontNeed = 4;

    // No SetLastError: nothing reads errno after these, and without it the calls need no marshalling
    // stub, so ReadyToRun precompiles them instead of the JIT making one per process (start-up).
    [LibraryImport("libc")]
    public static partial void* mmap(void* address, nuint length, int protection, int flags, int fd, nint offset);

    [LibraryImport("libc")]
    public static partial int mprotect(void* address, nuint length, int protection);

    [LibraryImport("libc")]
    public static partial int madvise(void* address, nuint length, int advice);

    [LibraryImport("libc")]
    public static partial int munmap(void* address, nuint length);
}
