using System.Runtime.InteropServices;
using Wisp.Model;

namespace Wisp.Runtime;

/// <summary>
/// A linear memory (spec 4.2.8). Its bytes live in native memory whose base address never moves:
/// the whole reachable range is reserved as address space up front and pages are committed as the
/// memory grows, so compiled code can keep <see cref="Base"/> in a register across calls and grows.
/// Compiled code bounds-checks every access against <see cref="Length"/>; nothing relies on guard pages.
/// Disposing sets the length to 0, so a stale reference traps instead of reaching released (or,
/// for a pooled memory, reused) bytes.
/// </summary>
public sealed unsafe class LinearMemory : ExternalValue, IDisposable
{
    /// <summary>Start of the memory. Fixed for the memory's lifetime.</summary>
    public readonly byte* Base;

    /// <summary>Current size in bytes (pages * 64 KiB). Only grows.</summary>
    public ulong Length;

    private readonly VirtualMemoryBlock _block;
    private readonly MemoryPool? _pool;
    private readonly uint _maxPages;
    private int _released;

    /// <param name="type">The memory type (pages).</param>
    /// <param name="maxPagesLimit">A host-imposed cap on pages, below the type's own maximum; grows past it fail.</param>
    public LinearMemory(MemoryType type, uint? maxPagesLimit = null)
        : this(type, MaxPages(type, maxPagesLimit), null, null)
    {
    }

    /// <summary>A memory in <paramref name="block"/> (reserved for at least <paramref name="maxPages"/> and zeroed), given back to <paramref name="pool"/> on dispose.</summary>
    internal LinearMemory(MemoryType type, uint maxPages, VirtualMemoryBlock? block, MemoryPool? pool)
    {
        Type = type;
        _maxPages = maxPages;
        _pool = pool;
        _block = block ?? VirtualMemoryBlock.Reserve((ulong)_maxPages * MemoryType.PageSize);
        Base = _block.Address;
        var initial = (ulong)type.Limits.Minimum * MemoryType.PageSize;
        if (!_block.TryCommit(initial))
        {
            Release();
            throw new OutOfMemoryException($"could not commit {initial} bytes");
        }

        Length = initial;
    }

    public override ExternalKind Kind => ExternalKind.Memory;

    /// <summary>The type with the current size as its minimum (what an importer sees).</summary>
    public MemoryType Type { get; private set; }

    public uint Pages => (uint)(Length / MemoryType.PageSize);

    /// <summary>Grows by <paramref name="deltaPages"/>; returns the old size in pages, or -1 if over the maximum (spec memory.grow).</summary>
    public int Grow(uint deltaPages)
    {
        // A released memory's block may already serve another instance: it stays empty for good.
        if (Volatile.Read(ref _released) != 0)
        {
            return -1;
        }

        var oldPages = Pages;
        var newPages = (ulong)oldPages + deltaPages;
        if (newPages > _maxPages)
        {
            return -1;
        }

        if (deltaPages == 0)
        {
            return (int)oldPages;
        }

        var newLength = newPages * MemoryType.PageSize;
        if (!_block.TryCommit(newLength))
        {
            return -1;
        }

        Length = newLength;
        Type = new MemoryType(Type.Limits with { Minimum = (uint)newPages });
        return (int)oldPages;
    }

    /// <summary>A view of <paramref name="length"/> bytes at <paramref name="offset"/>; throws a memory trap if out of bounds.</summary>
    public Span<byte> GetSpan(ulong offset, int length)
    {
        if (length < 0 || offset > Length || (ulong)length > Length - offset)
        {
            throw new TrapException(TrapCode.MemoryOutOfBounds);
        }

        return new Span<byte>(Base + offset, length);
    }

    /// <summary>
    /// The page limit of a memory of <paramref name="type"/> under a host cap of <paramref name="maxPagesLimit"/>;
    /// a <see cref="LinkException"/> if even its minimum is over the cap.
    /// </summary>
    internal static uint MaxPages(MemoryType type, uint? maxPagesLimit)
    {
        var declaredMax = type.Limits.Maximum ?? MemoryType.MaxPages;
        var maxPages = Math.Min(declaredMax, maxPagesLimit ?? MemoryType.MaxPages);
        if (type.Limits.Minimum > maxPages)
        {
            throw new LinkException(
                $"memory needs {type.Limits.Minimum} pages, over the memory limit of {maxPages} pages ({(ulong)maxPages * MemoryType.PageSize} bytes)");
        }

        return maxPages;
    }

    /// <summary>Releases the bytes (back to the pool, if pooled); the memory is then empty and every access traps.</summary>
    public void Dispose()
    {
        Release();
        GC.SuppressFinalize(this);
    }

    private void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) != 0)
        {
            return;
        }

        var dirty = Length;
        Length = 0;
        if (_pool is null)
        {
            _block.Dispose();
        }
        else
        {
            _pool.Return(_block, dirty);
        }
    }

    // A memory whose store was never disposed. The block is null if a constructor argument threw.
    ~LinearMemory()
    {
        if (_block is not null)
        {
            Release();
        }
    }
}

/// <summary>A reserved range of address space, committed from its start as needed. Zeroed on commit.</summary>
internal sealed unsafe class VirtualMemoryBlock : IDisposable
{
    private const int ProtNone = 0;
    private const int ProtReadWrite = 0x1 | 0x2;
    private const int MapPrivate = 0x02;
    private const int MapAnonymousLinux = 0x20;
    private const int MapAnonymousMac = 0x1000;
    private const int MapNoReserveLinux = 0x4000;
    private const uint MemReserve = 0x2000;
    private const uint MemCommit = 0x1000;
    private const uint MemRelease = 0x8000;
    private const uint PageNoAccess = 0x01;
    private const uint PageReadWrite = 0x04;
    private const int MadviseDontNeed = 4;

    /// <summary>
    /// How much of a pooled memory is cleared with memset rather than dropped with madvise. Dropping
    /// pages flushes TLBs on every core the process runs on and refaults them later; measured on a
    /// 2-page guest, memset cost 3 µs per cycle where madvise cost over 50 (docs/RATIONALE.md).
    /// </summary>
    private const ulong MemsetLimit = 1 << 20;

    private readonly ulong _reserved;
    private ulong _committed;
    private int _disposed;

    private VirtualMemoryBlock(byte* address, ulong reserved)
    {
        Address = address;
        _reserved = reserved;
    }

    public byte* Address { get; }

    public static VirtualMemoryBlock Reserve(ulong bytes)
    {
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

        return new VirtualMemoryBlock((byte*)p, size);
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

        if (OperatingSystem.IsWindows())
        {
            VirtualFree(Address, 0, MemRelease);
        }
        else
        {
            munmap(Address, (nuint)_reserved);
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern void* mmap(void* addr, nuint length, int prot, int flags, int fd, nint offset);

    [DllImport("libc", SetLastError = true)]
    private static extern int mprotect(void* addr, nuint length, int prot);

    [DllImport("libc", SetLastError = true)]
    private static extern int madvise(void* addr, nuint length, int advice);

    [DllImport("libc", SetLastError = true)]
    private static extern int munmap(void* addr, nuint length);

    [DllImport("kernel32", SetLastError = true)]
    private static extern void* VirtualAlloc(void* address, nuint size, uint allocationType, uint protect);

    [DllImport("kernel32", SetLastError = true)]
    private static extern int VirtualFree(void* address, nuint size, uint freeType);
}
