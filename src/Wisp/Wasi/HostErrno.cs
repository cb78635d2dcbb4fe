using System.Net.Sockets;

namespace Wisp.Wasi;

/// <summary>Translates host failures (Linux errno values, .NET exceptions) into WASI's <see cref="Errno"/>.</summary>
internal static class HostErrno
{
    public static Errno FromLinux(int errno) => errno switch
    {
        0 => Errno.Success,
        1 => Errno.NotPermitted,
        2 => Errno.NoEntry,
        3 => Errno.NoProcess,
        4 => Errno.Interrupted,
        5 => Errno.IO,
        6 => Errno.NoDeviceOrAddress,
        7 => Errno.TooBig,
        9 => Errno.BadFileDescriptor,
        10 => Errno.Child,
        11 => Errno.Again,
        12 => Errno.NoMemory,
        13 => Errno.Access,
        14 => Errno.Fault,
        16 => Errno.Busy,
        17 => Errno.Exists,
        18 => Errno.CrossDevice,
        19 => Errno.NoDevice,
        20 => Errno.NotDirectory,
        21 => Errno.IsDirectory,
        22 => Errno.Invalid,
        23 => Errno.TooManyFilesInSystem,
        24 => Errno.TooManyFiles,
        25 => Errno.NotTty,
        26 => Errno.TextBusy,
        27 => Errno.FileTooBig,
        28 => Errno.NoSpace,
        29 => Errno.InvalidSeek,
        30 => Errno.ReadOnlyFileSystem,
        31 => Errno.TooManyLinks,
        32 => Errno.BrokenPipe,
        34 => Errno.Range,
        35 => Errno.Deadlock,
        36 => Errno.NameTooLong,
        38 => Errno.NotImplemented,
        39 => Errno.NotEmpty,
        40 => Errno.Loop,
        75 => Errno.Overflow,
        84 => Errno.IllegalSequence,
        95 => Errno.NotSupported,
        98 => Errno.AddressInUse,
        104 => Errno.ConnectionReset,
        107 => Errno.NotConnected,
        110 => Errno.TimedOut,
        111 => Errno.ConnectionRefused,
        122 => Errno.Quota,
        _ => Errno.IO,
    };

    /// <summary>The errno of the last failed libc call.</summary>
    public static Errno Last() => FromLinux(Libc.LastError);

    public static Errno FromSocket(SocketException e) => e.SocketErrorCode switch
    {
        SocketError.WouldBlock => Errno.Again,
        SocketError.ConnectionReset => Errno.ConnectionReset,
        SocketError.ConnectionAborted => Errno.ConnectionAborted,
        SocketError.NotConnected => Errno.NotConnected,
        SocketError.Shutdown => Errno.BrokenPipe,
        SocketError.TimedOut => Errno.TimedOut,
        SocketError.InvalidArgument => Errno.Invalid,
        SocketError.Interrupted => Errno.Interrupted,
        _ => Errno.IO,
    };
}
