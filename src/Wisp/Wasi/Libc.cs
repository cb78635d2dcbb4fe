using System.Runtime.InteropServices;

namespace Wisp.Wasi;

/// <summary>
/// The POSIX calls the file-system side of WASI is built on. Descriptor-relative calls (<c>openat</c>,
/// <c>statx</c>, <c>renameat</c>, ...) let <see cref="PathResolver"/> walk a path one component at a time
/// from a preopened directory's descriptor, which is what makes the sandbox hold even if the host tree
/// changes underneath: .NET's path-based APIs cannot refuse to follow a symlink halfway down a path.
/// Flag values are Linux's (x64 and arm64 differ only in O_DIRECTORY and O_NOFOLLOW).
/// </summary>
internal static unsafe partial class Libc
{
    public const int AtFdCwd = -100;
    public const int AtSymlinkNoFollow = 0x100;
    public const int AtRemoveDir = 0x200;
    public const int AtEmptyPath = 0x1000;

    public const int OReadOnly = 0;
    public const int OWriteOnly = 1;
    public const int OReadWrite = 2;
    public const int OCreate = 0x40;
    public const int OExclusive = 0x80;
    public const int ONoCtty = 0x100;
    public const int OTruncate = 0x200;
    public const int OAppend = 0x400;
    public const int ONonBlock = 0x800;
    public const int ODsync = 0x1000;
    public const int OSync = 0x101000;
    public const int OCloseOnExec = 0x80000;

    public static readonly int ODirectory = IsArm ? 0x4000 : 0x10000;
    public static readonly int ONoFollow = IsArm ? 0x8000 : 0x20000;

    public const int FGetFl = 3;
    public const int FSetFl = 4;

    public const long UtimeNow = (1L << 30) - 1;
    public const long UtimeOmit = (1L << 30) - 2;

    public const uint StatxBasicStats = 0x7ff;

    private static bool IsArm =>
        RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm;

    /// <summary>Whether this host can back WASI's file system (Linux on x64 or arm64).</summary>
    public static bool IsSupported =>
        OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;

    public static int LastError => Marshal.GetLastPInvokeError();

    [LibraryImport("libc", EntryPoint = "openat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int OpenAt(int directory, string path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "dup", SetLastError = true)]
    public static partial int Dup(int fd);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, byte* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, byte* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "pread", SetLastError = true)]
    public static partial nint PositionalRead(int fd, byte* buffer, nuint count, long offset);

    [LibraryImport("libc", EntryPoint = "pwrite", SetLastError = true)]
    public static partial nint PositionalWrite(int fd, byte* buffer, nuint count, long offset);

    [LibraryImport("libc", EntryPoint = "lseek", SetLastError = true)]
    public static partial long Seek(int fd, long offset, int whence);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    public static partial int Sync(int fd);

    [LibraryImport("libc", EntryPoint = "fdatasync", SetLastError = true)]
    public static partial int DataSync(int fd);

    /// <summary>Returns the error number itself (not -1 and errno).</summary>
    [LibraryImport("libc", EntryPoint = "posix_fallocate")]
    public static partial int Allocate(int fd, long offset, long length);

    /// <summary>Returns the error number itself (not -1 and errno).</summary>
    [LibraryImport("libc", EntryPoint = "posix_fadvise")]
    public static partial int Advise(int fd, long offset, long length, int advice);

    [LibraryImport("libc", EntryPoint = "ftruncate", SetLastError = true)]
    public static partial int Truncate(int fd, long length);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    public static partial int Control(int fd, int command, int argument);

    [LibraryImport("libc", EntryPoint = "futimens", SetLastError = true)]
    public static partial int SetTimes(int fd, TimeSpec* times);

    [LibraryImport("libc", EntryPoint = "utimensat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int SetTimesAt(int directory, string path, TimeSpec* times, int flags);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int StatX(int directory, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "mkdirat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int MakeDirectoryAt(int directory, string path, uint mode);

    [LibraryImport("libc", EntryPoint = "unlinkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int UnlinkAt(int directory, string path, int flags);

    [LibraryImport("libc", EntryPoint = "renameat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int RenameAt(int oldDirectory, string oldPath, int newDirectory, string newPath);

    [LibraryImport("libc", EntryPoint = "linkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int LinkAt(int oldDirectory, string oldPath, int newDirectory, string newPath, int flags);

    [LibraryImport("libc", EntryPoint = "symlinkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int SymlinkAt(string target, int directory, string path);

    [LibraryImport("libc", EntryPoint = "readlinkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint ReadLinkAt(int directory, string path, byte* buffer, nuint size);

    [LibraryImport("libc", EntryPoint = "fdopendir", SetLastError = true)]
    public static partial nint OpenDirectoryStream(int fd);

    [LibraryImport("libc", EntryPoint = "readdir64", SetLastError = true)]
    public static partial byte* ReadDirectory(nint directory);

    [LibraryImport("libc", EntryPoint = "rewinddir")]
    public static partial void RewindDirectory(nint directory);

    [LibraryImport("libc", EntryPoint = "closedir", SetLastError = true)]
    public static partial int CloseDirectoryStream(nint directory);

    public const short PollIn = 0x1;
    public const short PollOut = 0x4;
    public const short PollError = 0x8;
    public const short PollHangUp = 0x10;
    public const short PollInvalid = 0x20;

    private const ulong FionRead = 0x541B;

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(PollDescriptor* descriptors, ulong count, int timeoutMilliseconds);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int IoctlInt(int fd, ulong request, int* value);

    /// <summary>Bytes that can be read from a pipe, socket or terminal without blocking (FIONREAD); 0 if it cannot tell.</summary>
    public static int BytesAvailable(int fd)
    {
        int count;
        return IoctlInt(fd, FionRead, &count) == 0 ? count : 0;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct PollDescriptor
    {
        public int Fd;
        public short Events;
        public short ReturnedEvents;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
