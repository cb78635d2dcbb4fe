using System.Buffers.Binary;
using System.Text;

namespace Wisp.Wasi;

/// <summary>fd_*: operations on an open descriptor.</summary>
internal readonly unsafe partial struct WasiPreview1
{
    private const uint FdstatSize = 24;
    private const uint DirentHeaderSize = 24;
    private const FdFlags KnownFdFlags = FdFlags.Append | FdFlags.Dsync | FdFlags.NonBlock | FdFlags.Rsync | FdFlags.Sync;

    private Errno FdAdvise(int fd, ulong offset, ulong length, uint advice)
    {
        var descriptor = Descriptors.Get(fd);
        descriptor.Require(Rights.FdAdvise);
        // Linux swaps WASI's numbering of sequential (1) and random (2).
        var hostAdvice = advice switch
        {
            0 or 3 or 4 or 5 => (int)advice,
            1 => 2,
            2 => 1,
            _ => throw new WasiErrorException(Errno.Invalid),
        };
        var file = AsFile(descriptor);
        var error = Libc.Advise(file.HostFd, (long)offset, (long)length, hostAdvice);
        return HostErrno.FromLinux(error);
    }

    private Errno FdAllocate(int fd, ulong offset, ulong length)
    {
        var descriptor = Descriptors.Get(fd);
        var file = AsFile(descriptor);
        descriptor.Require(Rights.FdAllocate);
        if ((long)offset < 0 || (long)length <= 0)
        {
            return Errno.Invalid;
        }

        return HostErrno.FromLinux(Libc.Allocate(file.HostFd, (long)offset, (long)length));
    }

    private Errno FdClose(int fd)
    {
        Descriptors.Close(fd);
        return Errno.Success;
    }

    private Errno FdDatasync(int fd) => SyncDescriptor(fd, Rights.FdDatasync, Libc.DataSync);

    private Errno FdSync(int fd) => SyncDescriptor(fd, Rights.FdSync, Libc.Sync);

    private Errno SyncDescriptor(int fd, Rights right, Func<int, int> sync)
    {
        var descriptor = Descriptors.Get(fd);
        descriptor.Require(right);
        switch (descriptor)
        {
            case HostDescriptor host:
                Check(sync(host.HostFd));
                return Errno.Success;
            case StreamDescriptor stream when stream.Stream.CanWrite:
                stream.Stream.Flush();
                return Errno.Success;
            default:
                return Errno.Invalid;
        }
    }

    private Errno FdFdstatGet(int fd, uint pointer)
    {
        var descriptor = Descriptors.Get(fd);
        var span = Memory.Span(pointer, FdstatSize);
        span.Clear();
        span[0] = (byte)descriptor.FileType;
        BinaryPrimitives.WriteUInt16LittleEndian(span[2..], (ushort)descriptor.Flags);
        BinaryPrimitives.WriteUInt64LittleEndian(span[8..], (ulong)descriptor.RightsBase);
        BinaryPrimitives.WriteUInt64LittleEndian(span[16..], (ulong)descriptor.RightsInheriting);
        return Errno.Success;
    }

    private Errno FdFdstatSetFlags(int fd, uint flags)
    {
        var descriptor = Descriptors.Get(fd);
        descriptor.Require(Rights.FdFdstatSetFlags);
        if ((flags & ~(uint)KnownFdFlags) != 0)
        {
            return Errno.Invalid;
        }

        var requested = (FdFlags)flags;
        switch (descriptor)
        {
            case OpenFile file:
                // Only append and nonblock can change after open on Linux; the sync flags are fixed at open.
                if (((requested ^ file.Flags) & (FdFlags.Dsync | FdFlags.Rsync | FdFlags.Sync)) != 0)
                {
                    return Errno.NotSupported;
                }

                var hostFlags = (int)Check(Libc.Control(file.HostFd, Libc.FGetFl, 0));
                hostFlags = Toggle(hostFlags, Libc.OAppend, requested.HasFlag(FdFlags.Append));
                hostFlags = Toggle(hostFlags, Libc.ONonBlock, requested.HasFlag(FdFlags.NonBlock));
                Check(Libc.Control(file.HostFd, Libc.FSetFl, hostFlags));
                break;
            case SocketDescriptor socket:
                if ((requested & ~FdFlags.NonBlock) != 0)
                {
                    return Errno.NotSupported;
                }

                socket.Socket.Blocking = !requested.HasFlag(FdFlags.NonBlock);
                break;
            default:
                // Directories and stdio streams have no flags that could change their behaviour.
                if (requested != descriptor.Flags)
                {
                    return Errno.NotSupported;
                }

                break;
        }

        descriptor.Flags = requested;
        return Errno.Success;
    }

    private static int Toggle(int flags, int bit, bool on) => on ? flags | bit : flags & ~bit;

    private Errno FdFdstatSetRights(int fd, ulong rightsBase, ulong rightsInheriting)
    {
        var descriptor = Descriptors.Get(fd);
        var newBase = (Rights)rightsBase;
        var newInheriting = (Rights)rightsInheriting;
        // Rights can only be dropped, never gained.
        if ((newBase & ~descriptor.RightsBase) != 0 || (newInheriting & ~descriptor.RightsInheriting) != 0)
        {
            return Errno.NotCapable;
        }

        descriptor.RightsBase = newBase;
        descriptor.RightsInheriting = newInheriting;
        return Errno.Success;
    }

    private Errno FdFilestatGet(int fd, uint pointer)
    {
        var descriptor = Descriptors.Get(fd);
        descriptor.Require(Rights.FdFilestatGet);
        var status = descriptor is HostDescriptor host
            ? FileStatus.OfDescriptor(host.HostFd)
            : new FileStatus(0, 0, descriptor.FileType, 1, 0, 0, 0, 0);
        WriteFileStatus(status, pointer);
        return Errno.Success;
    }

    private void WriteFileStatus(FileStatus status, uint pointer)
    {
        if (layout == WasiLayout.Preview1)
        {
            status.Write(Memory, pointer);
            return;
        }

        // wasi_unstable: nlink is a u32 at 20, so everything after it moves up by 4 (56 bytes in all).
        var span = Memory.Span(pointer, 56);
        span.Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(span, status.Device);
        BinaryPrimitives.WriteUInt64LittleEndian(span[8..], status.Inode);
        span[16] = (byte)status.Type;
        BinaryPrimitives.WriteUInt32LittleEndian(span[20..], (uint)Math.Min(status.LinkCount, uint.MaxValue));
        BinaryPrimitives.WriteUInt64LittleEndian(span[24..], status.Size);
        BinaryPrimitives.WriteUInt64LittleEndian(span[32..], status.AccessTime);
        BinaryPrimitives.WriteUInt64LittleEndian(span[40..], status.ModificationTime);
        BinaryPrimitives.WriteUInt64LittleEndian(span[48..], status.ChangeTime);
    }

    private Errno FdFilestatSetSize(int fd, ulong size)
    {
        var descriptor = Descriptors.Get(fd);
        var file = AsFile(descriptor);
        descriptor.Require(Rights.FdFilestatSetSize);
        if (size > long.MaxValue)
        {
            return Errno.Invalid;
        }

        Check(Libc.Truncate(file.HostFd, (long)size));
        return Errno.Success;
    }

    private Errno FdFilestatSetTimes(int fd, ulong accessTime, ulong modificationTime, uint flags)
    {
        var descriptor = Descriptors.Get(fd);
        descriptor.Require(Rights.FdFilestatSetTimes);
        if (descriptor is not HostDescriptor host)
        {
            return Errno.BadFileDescriptor;
        }

        var times = stackalloc Libc.TimeSpec[2];
        ToTimeSpecs(accessTime, modificationTime, flags, times);
        Check(Libc.SetTimes(host.HostFd, times));
        return Errno.Success;
    }

    /// <summary>Converts witx <c>fstflags</c> (atim 1, atim_now 2, mtim 4, mtim_now 8) and times to utimensat's pair.</summary>
    private static void ToTimeSpecs(ulong accessTime, ulong modificationTime, uint flags, Libc.TimeSpec* times)
    {
        if ((flags & ~0xFu) != 0 || (flags & 3) == 3 || (flags & 12) == 12)
        {
            throw new WasiErrorException(Errno.Invalid);
        }

        times[0] = ToTimeSpec(accessTime, (flags & 1) != 0, (flags & 2) != 0);
        times[1] = ToTimeSpec(modificationTime, (flags & 4) != 0, (flags & 8) != 0);
    }

    private static Libc.TimeSpec ToTimeSpec(ulong nanoseconds, bool set, bool now) => now
        ? new Libc.TimeSpec { Nanoseconds = Libc.UtimeNow }
        : set
            ? new Libc.TimeSpec { Seconds = (long)(nanoseconds / 1_000_000_000), Nanoseconds = (long)(nanoseconds % 1_000_000_000) }
            : new Libc.TimeSpec { Nanoseconds = Libc.UtimeOmit };

    private Errno FdPread(int fd, uint vectors, uint count, ulong offset, uint resultPointer)
    {
        var descriptor = Descriptors.Get(fd);
        var file = AsSeekableFile(descriptor);
        descriptor.Require(Rights.FdRead | Rights.FdSeek);
        if (offset > long.MaxValue)
        {
            return Errno.Invalid;
        }

        var memory = Memory;
        var total = TransferEach(memory.ReadIoVectors(vectors, count), (vector, done) =>
            Check(Libc.PositionalRead(file.HostFd, vector.Start, vector.Length, (long)(offset + done))));
        memory.WriteUInt32(resultPointer, (uint)total);
        return Errno.Success;
    }

    private Errno FdPwrite(int fd, uint vectors, uint count, ulong offset, uint resultPointer)
    {
        var descriptor = Descriptors.Get(fd);
        var file = AsSeekableFile(descriptor);
        descriptor.Require(Rights.FdWrite | Rights.FdSeek);
        if (offset > long.MaxValue)
        {
            return Errno.Invalid;
        }

        var memory = Memory;
        var total = TransferEach(memory.ReadIoVectors(vectors, count), (vector, done) =>
            Check(Libc.PositionalWrite(file.HostFd, vector.Start, vector.Length, (long)(offset + done))));
        memory.WriteUInt32(resultPointer, (uint)total);
        return Errno.Success;
    }

    private Errno FdPrestatGet(int fd, uint pointer)
    {
        var name = PreopenName(fd);
        var span = Memory.Span(pointer, 8);
        span.Clear();
        span[0] = 0; // preopentype::dir
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], (uint)Encoding.UTF8.GetByteCount(name));
        return Errno.Success;
    }

    private Errno FdPrestatDirName(int fd, uint pointer, uint length)
    {
        var name = Encoding.UTF8.GetBytes(PreopenName(fd));
        if (length < name.Length)
        {
            return Errno.NameTooLong;
        }

        name.CopyTo(Memory.Span(pointer, (uint)name.Length));
        return Errno.Success;
    }

    private string PreopenName(int fd) =>
        Descriptors.Get(fd) is OpenDirectory { PreopenName: { } name } ? name : throw new WasiErrorException(Errno.BadFileDescriptor);

    private Errno FdRead(int fd, uint vectors, uint count, uint resultPointer)
    {
        var descriptor = Descriptors.Get(fd);
        if (descriptor is OpenDirectory)
        {
            return Errno.IsDirectory;
        }

        descriptor.Require(Rights.FdRead);
        var memory = Memory;
        var buffers = memory.ReadIoVectors(vectors, count);
        ulong total = 0;
        switch (descriptor)
        {
            case OpenFile file:
                total = TransferEach(buffers, (vector, _) => Check(Libc.Read(file.HostFd, vector.Start, vector.Length)));
                break;
            case StreamDescriptor stream:
                total = (ulong)ScatterRead(buffers, stream.Stream.Read);
                break;
            case SocketDescriptor socket:
                total = (ulong)ScatterRead(buffers, span => socket.Socket.Receive(span));
                break;
        }

        memory.WriteUInt32(resultPointer, (uint)total);
        return Errno.Success;
    }

    /// <summary>Moves bytes through one buffer; <c>done</c> is what earlier buffers moved.</summary>
    private delegate long VectorTransfer(IoVector vector, ulong done);

    /// <summary>
    /// Transfers each buffer in turn, as readv/writev do: a short transfer (end of file, a full pipe)
    /// ends the call, and the total so far is the result.
    /// </summary>
    private static ulong TransferEach(IoVector[] buffers, VectorTransfer transfer)
    {
        ulong total = 0;
        foreach (var vector in buffers)
        {
            var moved = (ulong)transfer(vector, total);
            total += moved;
            if (moved < vector.Length)
            {
                break;
            }
        }

        return total;
    }

    /// <summary>
    /// One read from a stream, spread over the buffers. A second read could block although data has
    /// already arrived (an interactive stdin), so a stream read never waits twice.
    /// </summary>
    private static int ScatterRead(IoVector[] buffers, SpanReader read)
    {
        var total = buffers.Sum(b => (long)b.Length);
        if (total == 0)
        {
            return 0;
        }

        var scratch = new byte[(int)Math.Min(total, 1 << 16)];
        var got = read(scratch);
        var remaining = scratch.AsSpan(0, got);
        foreach (var buffer in buffers)
        {
            var take = (int)Math.Min(buffer.Length, (uint)remaining.Length);
            remaining[..take].CopyTo(buffer.Span);
            remaining = remaining[take..];
            if (remaining.IsEmpty)
            {
                break;
            }
        }

        return got;
    }

    private delegate int SpanReader(Span<byte> buffer);

    private Errno FdReaddir(int fd, uint buffer, uint length, ulong cookie, uint resultPointer)
    {
        var descriptor = Descriptors.Get(fd);
        var directory = descriptor as OpenDirectory ?? throw new WasiErrorException(Errno.NotDirectory);
        descriptor.Require(Rights.FdReaddir);
        var memory = Memory;
        var output = memory.Pointer(buffer, length);
        if (cookie == 0 || directory.Listing is null)
        {
            directory.Listing = ReadListing(directory.HostFd);
        }

        var entries = directory.Listing;
        uint used = 0;
        Span<byte> header = stackalloc byte[(int)DirentHeaderSize];
        for (var index = cookie; index < (ulong)entries.Count && used < length; index++)
        {
            var entry = entries[(int)index];
            BinaryPrimitives.WriteUInt64LittleEndian(header, index + 1);
            BinaryPrimitives.WriteUInt64LittleEndian(header[8..], entry.Inode);
            BinaryPrimitives.WriteUInt32LittleEndian(header[16..], (uint)entry.Name.Length);
            header[20] = (byte)entry.Type;
            header[21] = header[22] = header[23] = 0;
            // A full buffer tells the guest to call again with a bigger one or the last cookie; the tail is cut off.
            used += CopyTruncated(header, output + used, length - used);
            used += CopyTruncated(entry.Name, output + used, length - used);
        }

        memory.WriteUInt32(resultPointer, used);
        return Errno.Success;
    }

    private static uint CopyTruncated(ReadOnlySpan<byte> source, byte* destination, uint room)
    {
        var count = (int)Math.Min((uint)source.Length, room);
        source[..count].CopyTo(new Span<byte>(destination, count));
        return (uint)count;
    }

    /// <summary>All entries of a directory, "." and ".." included, in the host's order.</summary>
    private static List<DirectoryEntry> ReadListing(int directoryFd)
    {
        // fdopendir takes over the descriptor it is given, so give it a copy.
        var copy = (int)Check(Libc.Dup(directoryFd));
        var stream = Libc.OpenDirectoryStream(copy);
        if (stream == 0)
        {
            var error = HostErrno.Last();
            Libc.Close(copy);
            throw new WasiErrorException(error);
        }

        try
        {
            Libc.RewindDirectory(stream);
            var entries = new List<DirectoryEntry>();
            byte* entry;
            while ((entry = Libc.ReadDirectory(stream)) != null)
            {
                // struct dirent64: d_ino@0, d_off@8, d_reclen@16, d_type@18, d_name@19 (NUL-terminated).
                var name = new ReadOnlySpan<byte>(entry + 19, 256);
                name = name[..name.IndexOf((byte)0)];
                entries.Add(new DirectoryEntry(*(ulong*)entry, DirentType(entry[18]), name.ToArray()));
            }

            return entries;
        }
        finally
        {
            Libc.CloseDirectoryStream(stream);
        }
    }

    private static FileType DirentType(byte type) => type switch
    {
        1 => FileType.Unknown, // FIFO: WASI has no type for it
        2 => FileType.CharacterDevice,
        4 => FileType.Directory,
        6 => FileType.BlockDevice,
        8 => FileType.RegularFile,
        10 => FileType.SymbolicLink,
        12 => FileType.SocketStream,
        _ => FileType.Unknown,
    };

    private Errno FdRenumber(int from, int to)
    {
        Descriptors.Renumber(from, to);
        return Errno.Success;
    }

    private Errno FdSeek(int fd, long offset, uint whence, uint resultPointer)
    {
        var descriptor = Descriptors.Get(fd);
        // Asking where the offset is (seek 0 from the current position) needs only fd_tell.
        var hostWhence = ToHostWhence(whence);
        var file = AsSeekableFile(descriptor);
        descriptor.Require(offset == 0 && hostWhence == 1 ? Rights.FdTell : Rights.FdSeek);
        var position = Check(Libc.Seek(file.HostFd, offset, hostWhence));
        Memory.WriteUInt64(resultPointer, (ulong)position);
        return Errno.Success;
    }

    /// <summary>Preview1 numbers whence set 0, cur 1, end 2; wasi_unstable cur 0, end 1, set 2. lseek wants set 0, cur 1, end 2.</summary>
    private int ToHostWhence(uint whence) => (layout, whence) switch
    {
        (WasiLayout.Preview1, <= 2) => (int)whence,
        (WasiLayout.Unstable, 0) => 1,
        (WasiLayout.Unstable, 1) => 2,
        (WasiLayout.Unstable, 2) => 0,
        _ => throw new WasiErrorException(Errno.Invalid),
    };

    private Errno FdTell(int fd, uint resultPointer)
    {
        var descriptor = Descriptors.Get(fd);
        var file = AsSeekableFile(descriptor);
        descriptor.Require(Rights.FdTell);
        Memory.WriteUInt64(resultPointer, (ulong)Check(Libc.Seek(file.HostFd, 0, 1)));
        return Errno.Success;
    }

    private Errno FdWrite(int fd, uint vectors, uint count, uint resultPointer)
    {
        var descriptor = Descriptors.Get(fd);
        if (descriptor is OpenDirectory)
        {
            return Errno.IsDirectory;
        }

        descriptor.Require(Rights.FdWrite);
        var memory = Memory;
        var buffers = memory.ReadIoVectors(vectors, count);
        ulong total = 0;
        switch (descriptor)
        {
            case OpenFile file:
                total = TransferEach(buffers, (vector, _) => Check(Libc.Write(file.HostFd, vector.Start, vector.Length)));
                break;
            case StreamDescriptor stream:
                foreach (var vector in buffers)
                {
                    for (uint done = 0; done < vector.Length;)
                    {
                        var chunk = (int)Math.Min(vector.Length - done, 1 << 20);
                        stream.Stream.Write(new ReadOnlySpan<byte>(vector.Start + done, chunk));
                        done += (uint)chunk;
                    }

                    total += vector.Length;
                }

                stream.Stream.Flush();
                break;
            case SocketDescriptor socket:
                total = TransferEach(buffers, (vector, _) => socket.Socket.Send(vector.Span));
                break;
        }

        memory.WriteUInt32(resultPointer, (uint)total);
        return Errno.Success;
    }

    /// <summary>The host descriptor of a file; a directory is <see cref="Errno.IsDirectory"/>, a stream <see cref="Errno.BadFileDescriptor"/>.</summary>
    private static OpenFile AsFile(WasiDescriptor descriptor) => descriptor switch
    {
        OpenFile file => file,
        OpenDirectory => throw new WasiErrorException(Errno.IsDirectory),
        _ => throw new WasiErrorException(Errno.BadFileDescriptor),
    };

    /// <summary>Like <see cref="AsFile"/>, but a stream or socket cannot seek: <see cref="Errno.InvalidSeek"/>.</summary>
    private static OpenFile AsSeekableFile(WasiDescriptor descriptor) => descriptor switch
    {
        OpenFile file => file,
        OpenDirectory => throw new WasiErrorException(Errno.IsDirectory),
        _ => throw new WasiErrorException(Errno.InvalidSeek),
    };
}
