using System.Buffers.Binary;

namespace Wisp.Wasi;

/// <summary>witx <c>filestat</c>, read from the host with <c>statx</c> (whose layout, unlike <c>stat</c>'s, is the same on every Linux architecture).</summary>
internal readonly record struct FileStatus(ulong Device, ulong Inode, FileType Type, ulong LinkCount, ulong Size, ulong AccessTime, ulong ModificationTime, ulong ChangeTime)
{
    /// <summary>Size of witx <c>filestat</c> in guest memory.</summary>
    public const uint Size64 = 64;

    /// <summary>The status of an open host descriptor.</summary>
    public static FileStatus OfDescriptor(int fd) => Query(fd, "", Libc.AtEmptyPath);

    /// <summary>The status of <paramref name="name"/> in <paramref name="directory"/>, not following a final symlink.</summary>
    public static FileStatus OfEntry(int directory, string name) => Query(directory, name, Libc.AtSymlinkNoFollow);

    public static unsafe bool TryOfEntry(int directory, string name, out FileStatus status)
    {
        var buffer = stackalloc byte[256];
        if (Libc.StatX(directory, name, Libc.AtSymlinkNoFollow, Libc.StatxBasicStats, buffer) != 0)
        {
            status = default;
            return false;
        }

        status = Decode(new ReadOnlySpan<byte>(buffer, 256));
        return true;
    }

    /// <summary>Writes the witx <c>filestat</c> layout (64 bytes).</summary>
    public void Write(GuestMemory memory, uint pointer)
    {
        var span = memory.Span(pointer, Size64);
        span.Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(span, Device);
        BinaryPrimitives.WriteUInt64LittleEndian(span[8..], Inode);
        span[16] = (byte)Type;
        BinaryPrimitives.WriteUInt64LittleEndian(span[24..], LinkCount);
        BinaryPrimitives.WriteUInt64LittleEndian(span[32..], Size);
        BinaryPrimitives.WriteUInt64LittleEndian(span[40..], AccessTime);
        BinaryPrimitives.WriteUInt64LittleEndian(span[48..], ModificationTime);
        BinaryPrimitives.WriteUInt64LittleEndian(span[56..], ChangeTime);
    }

    /// <summary>The file type of a <c>st_mode</c>.</summary>
    public static FileType TypeOfMode(uint mode) => (mode & 0xF000) switch
    {
        0x4000 => FileType.Directory,
        0x8000 => FileType.RegularFile,
        0xA000 => FileType.SymbolicLink,
        0x2000 => FileType.CharacterDevice,
        0x6000 => FileType.BlockDevice,
        0xC000 => FileType.SocketStream,
        _ => FileType.Unknown,
    };

    private static unsafe FileStatus Query(int directory, string name, int flags)
    {
        var buffer = stackalloc byte[256];
        if (Libc.StatX(directory, name, flags, Libc.StatxBasicStats, buffer) != 0)
        {
            throw new WasiErrorException(HostErrno.Last());
        }

        return Decode(new ReadOnlySpan<byte>(buffer, 256));
    }

    // struct statx: nlink@16 u32, mode@28 u16, ino@32, size@40, atime@64, ctime@96, mtime@112 ({i64 sec, u32 nsec}), dev major/minor@136/140.
    private static FileStatus Decode(ReadOnlySpan<byte> statx) => new(
        Device: ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(statx[136..]) << 32) | BinaryPrimitives.ReadUInt32LittleEndian(statx[140..]),
        Inode: BinaryPrimitives.ReadUInt64LittleEndian(statx[32..]),
        Type: TypeOfMode(BinaryPrimitives.ReadUInt16LittleEndian(statx[28..])),
        LinkCount: BinaryPrimitives.ReadUInt32LittleEndian(statx[16..]),
        Size: BinaryPrimitives.ReadUInt64LittleEndian(statx[40..]),
        AccessTime: Timestamp(statx[64..]),
        ModificationTime: Timestamp(statx[112..]),
        ChangeTime: Timestamp(statx[96..]));

    private static ulong Timestamp(ReadOnlySpan<byte> field)
    {
        var seconds = BinaryPrimitives.ReadInt64LittleEndian(field);
        var nanoseconds = BinaryPrimitives.ReadUInt32LittleEndian(field[8..]);
        return seconds < 0 ? 0 : ((ulong)seconds * 1_000_000_000) + nanoseconds;
    }
}
