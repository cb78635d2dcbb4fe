using System.Runtime.InteropServices;
using static Wisp.Runtime.PosixMemory;

namespace Wisp.Runtime;

/// <summary>
/// A reserved range of address space, committed from its start as needed. Zeroed on commit. Where
/// guard pages work (<see cref="GuardedAddressSpace"/>) the range is a guarded slot, so everything
/// past the committed bytes faults into a trap.
/// </summary>
internal sealed unsafe class VirtualMemoryBlock : IDisposable
{
    private const uint MemReserve = 0x2000;
    private const uint MemCommit = 0x1000;
    private const uint MemRelease = 0x8000;
    private const uint MemDecommit = 0x4000;
    private const uint PageNoAccess = 0x01;
    private const uint PageReadWrite = 0x04;

    /// <summary>
    /// How much of a pooled memory is cleared with memset rather than dropped with madvise. Dropping
    /// pages flushes TLBs on every core the process runs on and refaults them later; measured on a
    /// 2-page guest, memset cost 3 µs per cycle where madvise cost over 50 (docs/RATIONALE.md).
    /// </summary>
    private const ulong MemsetLimit = 1 << 20;

    private readonly ulong _reserved;
    private ulong _committed;
    private int _disposed;

    private VirtualMemoryBlock(byte* address, ulong reserved, bool guarded)
    {
        Address = address;
        _reserved = reserved;
        IsGuarded = guarded;
    }

    /// <summary>Whether the block is a guarded slot: an access past the committed bytes traps.</summary>
    public bool IsGuarded { get; }

    public byte* Address { get; }

    public static VirtualMemoryBlock Reserve(ulong bytes)
    {
        if (GuardedAddressSpace.IsAvailable && bytes <= GuardedAddressSpace.AddressableBytes)
        {
            var slot = GuardedAddressSpace.TryRent();
            if (slot == null)
            {
                throw new OutOfMemoryException("could not reserve a guarded 8 GiB slot of address space for a linear memory");
            }

            return new VirtualMemoryBlock(slot, bytes, guarded: true);
        }

        // Reserve at least one page so Address is never null, even for a zero-sized memory.
        var size = Math.Max(bytes, (ulong)Environment.SystemPageSize);
        void* p;
        if (OperatingSystem.IsWindows())
        {
            p = VirtualAlloc(null, (nuint)size, MemReserve, PageNoAccess);
            if (p == null)
            {
                throw new OutOfMemoryException($"could not reserve {size} bytes of address space");
            }
        }
        else
        {
            var flags = MapPrivate | (OperatingSystem.IsLinux() ? MapAnonymousLinux | MapNoReserveLinux : MapAnonymousMac);
            p = mmap(null, (nuint)size, ProtNone, flags, -1, 0);
            if (p == (void*)-1)
            {
                throw new OutOfMemoryException($"could not reserve {size} bytes of address space");
            }
        }

        return new VirtualMemoryBlock((byte*)p, size, guarded: false);
    }

    public void Commit(ulong bytes)
    {
        if (!TryCommit(bytes))
        {
            throw new OutOfMemoryException($"could not commit {bytes} bytes");
        }
    }

    /// <summary>Makes the first <paramref name="bytes"/> bytes usable. Committed bytes start zeroed.</summary>
    public bool TryCommit(ulong bytes)
    {
        if (bytes <= _committed)
        {
            return true;
        }

        if (bytes > _reserved)
        {
            return false;
        }

        var start = Address + _committed;
        var length = (nuint)(bytes - _committed);
        bool ok = OperatingSystem.IsWindows()
            ? VirtualAlloc(start, length, MemCommit, PageReadWrite) != null
            : mprotect(start, length, ProtReadWrite) == 0;
        if (ok)
        {
            _committed = bytes;
        }

        return ok;
    }

    /// <summary>
    /// Makes everything past the first <paramref name="bytes"/> inaccessible again (a pooled block's
    /// next memory may be smaller than its last): in a guarded slot, compiled code relies on it to trap.
    /// The bytes must already be zero (see <see cref="Reset"/>).
    /// </summary>
    public void Decommit(ulong bytes)
    {
        if (bytes >= _committed)
        {
            return;
        }

        var start = Address + bytes;
        var length = (nuint)(_committed - bytes);
        bool ok = OperatingSystem.IsWindows()
            ? VirtualFree(start, length, MemDecommit) != 0
            : mprotect(start, length, ProtNone) == 0;
        if (!ok)
        {
            throw new OutOfMemoryException("could not protect linear memory pages");
        }

        _committed = bytes;
    }

    /// <summary>
    /// Zeroes the first <paramref name="dirtyBytes"/> bytes for reuse, keeping them committed: up to
    /// <see cref="MemsetLimit"/> with memset (the pages stay resident for the next tenant), the rest,
    /// on Linux, by dropping the pages (they read as zero and fault in again when touched).
    /// </summary>
    public void Reset(ulong dirtyBytes)
    {
        var cleared = Math.Min(dirtyBytes, MemsetLimit);
        if (dirtyBytes > cleared && OperatingSystem.IsLinux()
            && madvise(Address + cleared, (nuint)(dirtyBytes - cleared), MadviseDontNeed) == 0)
        {
            dirtyBytes = cleared;
        }

        NativeMemory.Clear(Address, (nuint)dirtyBytes);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (IsGuarded)
        {
            GuardedAddressSpace.Return(Address, _committed);
        }
        else if (OperatingSystem.IsWindows())
        {
            VirtualFree(Address, 0, MemRelease);
        }
        else
        {
            munmap(Address, (nuint)_reserved);
        }
    }

    [DllImport("kernel32", SetLastError = true)]
    private static extern void* VirtualAlloc(void* address, nuint size, uint allocationType, uint protect);

    [DllImport("kernel32", SetLastError = true)]
    private static extern int VirtualFree(void* address, nuint size, uint freeType);
}
