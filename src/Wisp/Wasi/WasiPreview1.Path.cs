namespace Wisp.Wasi;

/// <summary>path_*: operations on paths, always relative to a directory descriptor and resolved by <see cref="PathResolver"/>.</summary>
internal readonly unsafe partial struct WasiPreview1
{
    private const uint SymlinkFollow = 1;
    private const OpenFlags KnownOpenFlags = OpenFlags.Create | OpenFlags.Directory | OpenFlags.Exclusive | OpenFlags.Truncate;

    /// <summary>Rights whose presence in a <c>path_open</c> request means the guest wants to write.</summary>
    private const Rights WriteIntent = Rights.FdWrite | Rights.FdAllocate | Rights.FdFilestatSetSize;

    private Errno PathCreateDirectory(int fd, uint path, uint pathLength)
    {
        using var target = Resolve(fd, Rights.PathCreateDirectory, path, pathLength, followFinal: false);
        if (target.Name == ".")
        {
            return Errno.Exists;
        }

        Check(Libc.MakeDirectoryAt(target.DirectoryFd, target.Name, 0x1FF));
        return Errno.Success;
    }

    private Errno PathFilestatGet(int fd, uint lookupFlags, uint path, uint pathLength, uint resultPointer)
    {
        using var target = Resolve(fd, Rights.PathFilestatGet, path, pathLength, (lookupFlags & SymlinkFollow) != 0);
        var status = FileStatus.OfEntry(target.DirectoryFd, target.Name);
        if (target.MustBeDirectory && status.Type != FileType.Directory)
        {
            return Errno.NotDirectory;
        }

        WriteFileStatus(status, resultPointer);
        return Errno.Success;
    }

    private Errno PathFilestatSetTimes(int fd, uint lookupFlags, uint path, uint pathLength, ulong accessTime, ulong modificationTime, uint flags)
    {
        var times = stackalloc Libc.TimeSpec[2];
        ToTimeSpecs(accessTime, modificationTime, flags, times);
        using var target = Resolve(fd, Rights.PathFilestatSetTimes, path, pathLength, (lookupFlags & SymlinkFollow) != 0);
        Check(Libc.SetTimesAt(target.DirectoryFd, target.Name, times, Libc.AtSymlinkNoFollow));
        return Errno.Success;
    }

    private Errno PathLink(int oldFd, uint oldFlags, uint oldPath, uint oldLength, int newFd, uint newPath, uint newLength)
    {
        using var source = Resolve(oldFd, Rights.PathLinkSource, oldPath, oldLength, (oldFlags & SymlinkFollow) != 0);
        using var target = Resolve(newFd, Rights.PathLinkTarget, newPath, newLength, followFinal: false);
        Check(Libc.LinkAt(source.DirectoryFd, source.Name, target.DirectoryFd, target.Name, 0));
        return Errno.Success;
    }

    private Errno PathOpen(int fd, uint lookupFlags, uint path, uint pathLength, uint openFlags, ulong rightsBase, ulong rightsInheriting, uint fdFlags, uint resultPointer)
    {
        var directory = Descriptors.Get<OpenDirectory>(fd, Errno.NotDirectory);
        directory.Require(Rights.PathOpen);
        if ((openFlags & ~(uint)KnownOpenFlags) != 0 || (fdFlags & ~(uint)KnownFdFlags) != 0)
        {
            return Errno.Invalid;
        }

        var oflags = (OpenFlags)openFlags;
        var fdflags = (FdFlags)fdFlags;
        if (oflags.HasFlag(OpenFlags.Create))
        {
            directory.Require(Rights.PathCreateFile);
        }

        if (oflags.HasFlag(OpenFlags.Truncate))
        {
            directory.Require(Rights.PathFilestatSetSize);
        }

        // A descriptor gets at most what its directory passes on; asking to write where that is withheld is refused outright.
        var requested = (Rights)rightsBase;
        if ((requested & WriteIntent & ~directory.RightsInheriting) != 0)
        {
            return Errno.NotCapable;
        }

        var granted = requested & directory.RightsInheriting;
        var grantedInheriting = (Rights)rightsInheriting & directory.RightsInheriting;

        // O_EXCL never follows a final symlink (POSIX); otherwise the lookup flags decide.
        var followFinal = (lookupFlags & SymlinkFollow) != 0 && !(oflags.HasFlag(OpenFlags.Create) && oflags.HasFlag(OpenFlags.Exclusive));
        using var target = PathResolver.Resolve(directory, Memory.ReadPath(path, pathLength), followFinal);

        var writes = (granted & WriteIntent) != 0 && !oflags.HasFlag(OpenFlags.Directory);
        var reads = (granted & (Rights.FdRead | Rights.FdReaddir)) != 0 || !writes;
        var hostFlags = (writes ? (reads ? Libc.OReadWrite : Libc.OWriteOnly) : Libc.OReadOnly)
            | Libc.OCloseOnExec | Libc.ONoFollow | Libc.ONoCtty
            // Opened non-blocking so that a FIFO cannot hang the open itself; cleared below unless asked for.
            | Libc.ONonBlock
            | (oflags.HasFlag(OpenFlags.Create) ? Libc.OCreate : 0)
            | (oflags.HasFlag(OpenFlags.Exclusive) ? Libc.OExclusive : 0)
            | (oflags.HasFlag(OpenFlags.Truncate) ? Libc.OTruncate : 0)
            | (oflags.HasFlag(OpenFlags.Directory) || target.MustBeDirectory ? Libc.ODirectory : 0)
            | (fdflags.HasFlag(FdFlags.Append) ? Libc.OAppend : 0)
            | (fdflags.HasFlag(FdFlags.Dsync) ? Libc.ODsync : 0)
            | (fdflags.HasFlag(FdFlags.Sync) || fdflags.HasFlag(FdFlags.Rsync) ? Libc.OSync : 0);
        var hostFd = (int)Check(Libc.OpenAt(target.DirectoryFd, target.Name, hostFlags, 0x1B6));
        WasiDescriptor opened;
        try
        {
            if (!fdflags.HasFlag(FdFlags.NonBlock))
            {
                var current = (int)Check(Libc.Control(hostFd, Libc.FGetFl, 0));
                Check(Libc.Control(hostFd, Libc.FSetFl, current & ~Libc.ONonBlock));
            }

            var type = FileStatus.OfDescriptor(hostFd).Type;
            opened = type == FileType.Directory
                ? new OpenDirectory(hostFd, granted & Rights.Directory, grantedInheriting, preopenName: null)
                : new OpenFile(hostFd, type, granted & Rights.RegularFile, Rights.None);
        }
        catch
        {
            Libc.Close(hostFd);
            throw;
        }

        opened.Flags = fdflags;
        var memory = Memory;
        memory.Require(resultPointer, 4);
        memory.WriteUInt32(resultPointer, (uint)Descriptors.Add(opened));
        return Errno.Success;
    }

    private Errno PathReadlink(int fd, uint path, uint pathLength, uint buffer, uint bufferLength, uint resultPointer)
    {
        using var target = Resolve(fd, Rights.PathReadlink, path, pathLength, followFinal: false);
        if (!PathResolver.TryReadLink(target.DirectoryFd, target.Name, out var link))
        {
            // Not a symlink (EINVAL) or not there at all.
            return FileStatus.TryOfEntry(target.DirectoryFd, target.Name, out _) ? Errno.Invalid : Errno.NoEntry;
        }

        var bytes = System.Text.Encoding.UTF8.GetBytes(link);
        var count = (uint)Math.Min(bytes.Length, bufferLength);
        var memory = Memory;
        bytes.AsSpan(0, (int)count).CopyTo(memory.Span(buffer, count));
        memory.WriteUInt32(resultPointer, count);
        return Errno.Success;
    }

    private Errno PathRemoveDirectory(int fd, uint path, uint pathLength)
    {
        using var target = Resolve(fd, Rights.PathRemoveDirectory, path, pathLength, followFinal: false);
        Check(Libc.UnlinkAt(target.DirectoryFd, target.Name, Libc.AtRemoveDir));
        return Errno.Success;
    }

    private Errno PathRename(int oldFd, uint oldPath, uint oldLength, int newFd, uint newPath, uint newLength)
    {
        using var source = Resolve(oldFd, Rights.PathRenameSource, oldPath, oldLength, followFinal: false);
        using var target = Resolve(newFd, Rights.PathRenameTarget, newPath, newLength, followFinal: false);
        Check(Libc.RenameAt(source.DirectoryFd, source.Name, target.DirectoryFd, target.Name));
        return Errno.Success;
    }

    private Errno PathSymlink(uint oldPath, uint oldLength, int fd, uint newPath, uint newLength)
    {
        var linkTarget = Memory.ReadPath(oldPath, oldLength);
        // An absolute target would name a host path; the resolver would never follow it, and other host programs should not either.
        if (linkTarget.StartsWith('/'))
        {
            return Errno.NotCapable;
        }

        using var target = Resolve(fd, Rights.PathSymlink, newPath, newLength, followFinal: false);
        Check(Libc.SymlinkAt(linkTarget, target.DirectoryFd, target.Name));
        return Errno.Success;
    }

    private Errno PathUnlinkFile(int fd, uint path, uint pathLength)
    {
        using var target = Resolve(fd, Rights.PathUnlinkFile, path, pathLength, followFinal: false);
        if (target.MustBeDirectory || target.Name == ".")
        {
            // "name/" can only be a directory, which unlink_file never removes.
            return FileStatus.TryOfEntry(target.DirectoryFd, target.Name, out var status) && status.Type == FileType.Directory
                ? Errno.IsDirectory
                : Errno.NotDirectory;
        }

        Check(Libc.UnlinkAt(target.DirectoryFd, target.Name, 0));
        return Errno.Success;
    }

    /// <summary>Checks <paramref name="right"/> on directory <paramref name="fd"/>, reads the path and resolves it.</summary>
    private ResolvedPath Resolve(int fd, Rights right, uint path, uint pathLength, bool followFinal)
    {
        var directory = Descriptors.Get<OpenDirectory>(fd, Errno.NotDirectory);
        directory.Require(right);
        return PathResolver.Resolve(directory, Memory.ReadPath(path, pathLength), followFinal);
    }
}
