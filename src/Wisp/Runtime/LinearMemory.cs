using Wisp.Model;

namespace Wisp.Runtime;

/// <summary>
/// A linear memory (spec 4.2.8). Its bytes live in native memory whose base address never moves:
/// the whole reachable range is reserved as address space up front and pages are committed as the
/// memory grows, so compiled code can keep <see cref="Base"/> in a register across calls and grows.
/// Compiled code either checks every access against <see cref="Length"/>, or (guard pages, the default
/// on Linux x86-64) relies on the block being a guarded slot whose bytes past the length are
/// inaccessible, and then adds addresses to <see cref="BiasedBase"/>. Disposing sets the length to 0,
/// so a stale reference traps (explicit checks) or is refused before it runs (guard pages) instead of
/// reaching released (or, for a pooled memory, reused) bytes.
/// </summary>
public sealed unsafe class LinearMemory : ExternalValue, IDisposable
{
    /// <summary>Start of the memory. Fixed for the memory's lifetime.</summary>
    public readonly byte* Base;

    /// <summary>
    /// <see cref="Base"/> − <see cref="GuardedAddressSpace.AddressBias"/>, from which code compiled for
    /// guard pages forms addresses, so that RyuJIT never sees an access at a small offset from a pointer
    /// it knows to be valid (docs/RATIONALE.md, "Guard pages: the JIT must not learn that an address is valid").
    /// Never dereferenced itself.
    /// </summary>
    public readonly byte* BiasedBase;

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
        BiasedBase = Base - GuardedAddressSpace.AddressBias;
        var initial = (ulong)type.Limits.Minimum * MemoryType.PageSize;
        _block.Decommit(initial);
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

    /// <summary>Whether the memory was disposed: its bytes are gone (or another memory's).</summary>
    public bool IsReleased => Volatile.Read(ref _released) != 0;

    /// <summary>Whether accesses past <see cref="Length"/> fault (and trap) without an explicit check.</summary>
    internal bool IsGuarded => _block.IsGuarded;

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
