using Wisp.Model;

namespace Wisp.Runtime;

/// <summary>
/// Address-space blocks for linear memories, kept between instances so that instantiating does not
/// map, protect and unmap: a disposed store's memories come back here zeroed (see
/// <see cref="VirtualMemoryBlock.Reset"/>) and still committed. Every block reserves the whole
/// 4 GiB a memory could reach, so any memory fits any block. Thread-safe; one per engine.
/// </summary>
internal sealed class MemoryPool(int capacity)
{
    private const ulong BlockBytes = (ulong)MemoryType.MaxPages * MemoryType.PageSize;

    private readonly Stack<VirtualMemoryBlock> _idle = new();

    /// <summary>How many idle blocks the pool keeps; more are unmapped.</summary>
    public int Capacity { get; } = capacity;

    /// <summary>A memory of <paramref name="type"/> in a pooled block (or a new one), returned here when disposed.</summary>
    public LinearMemory Rent(MemoryType type, uint? maxPagesLimit)
    {
        var maxPages = LinearMemory.MaxPages(type, maxPagesLimit);
        VirtualMemoryBlock? block;
        lock (_idle)
        {
            _idle.TryPop(out block);
        }

        return new LinearMemory(type, maxPages, block ?? VirtualMemoryBlock.Reserve(BlockBytes), this);
    }

    /// <summary>Takes back <paramref name="block"/>, whose first <paramref name="dirtyBytes"/> bytes may have been written.</summary>
    public void Return(VirtualMemoryBlock block, ulong dirtyBytes)
    {
        if (Capacity > 0)
        {
            block.Reset(dirtyBytes);
            lock (_idle)
            {
                if (_idle.Count < Capacity)
                {
                    _idle.Push(block);
                    return;
                }
            }
        }

        block.Dispose();
    }
}
