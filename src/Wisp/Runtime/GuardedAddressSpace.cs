using Wisp.Model;
using static Wisp.Runtime.PosixMemory;

namespace Wisp.Runtime;

/// <summary>
/// 8 GiB slots of address space for linear memories whose compiled code has no bounds checks: the
/// 4 GiB a 32-bit address can reach, then 4 GiB of guard pages, so base + address + offset + width
/// always lands inside the slot (for offsets up to <see cref="MaxUncheckedOffset"/>) and anything
/// past the memory's committed length faults in a range <see cref="GuardPageFaults"/> knows.
/// </summary>
/// <remarks>
/// Slots are registered with the fault handler once and never unmapped: a released slot is made
/// inaccessible and its pages dropped, then handed to the next memory. Unmapping would let other
/// mappings (the GC heap, say) land inside a registered range, where a stray fault would be
/// misreported as a guest trap. Reserving address space costs no memory (PROT_NONE, MAP_NORESERVE).
/// </remarks>
internal static unsafe class GuardedAddressSpace
{
    /// <summary>What a memory may commit: every byte a 32-bit address reaches.</summary>
    public const ulong AddressableBytes = (ulong)MemoryType.MaxPages * MemoryType.PageSize;

    public const ulong SlotBytes = 2 * AddressableBytes;

    /// <summary>
    /// The largest static offset compiled code may add without a check: address (≤ 2^32 − 1) + offset
    /// + width (≤ 16) then stays below <see cref="SlotBytes"/>. Larger offsets (unheard of in
    /// practice) get an explicit check.
    /// </summary>
    public const ulong MaxUncheckedOffset = AddressableBytes - 64;

    /// <summary>
    /// What compiled code adds to every static offset, having subtracted it from the base it adds
    /// addresses to (<see cref="LinearMemory.BiasedBase"/>). RyuJIT treats a read within a small offset
    /// (up to a few KiB) of a pointer it has seen dereferenced as one that cannot fault, and deletes it
    /// when its value is unused; with the bias, no access is ever within that distance of the base or
    /// of base + address. Folds into the instruction's displacement: free.
    /// </summary>
    public const int AddressBias = 1 << 20;

    private static readonly Stack<nint> Free = new();

    /// <summary><see cref="SlotBytes"/> as a native size (only 64-bit processes use slots).</summary>
    private static readonly nuint SlotSize = unchecked((nuint)SlotBytes);

    /// <summary>Whether memories come from guarded slots (compiled code may then omit bounds checks).</summary>
    public static bool IsAvailable => GuardPageFaults.IsSupported;

    /// <summary>A slot whose bytes are all inaccessible and read as zero once committed; null if address space ran out.</summary>
    public static byte* TryRent()
    {
        lock (Free)
        {
            if (Free.TryPop(out var recycled))
            {
                return (byte*)recycled;
            }
        }

        var slot = (byte*)mmap(null, SlotSize, ProtNone, MapPrivate | MapAnonymousLinux | MapNoReserveLinux, -1, 0);
        if (slot == (byte*)-1)
        {
            return null;
        }

        if (!GuardPageFaults.TryRegister(slot, SlotBytes))
        {
            munmap(slot, SlotSize);
            return null;
        }

        return slot;
    }

    /// <summary>Takes back <paramref name="slot"/>, whose first <paramref name="committedBytes"/> were accessible.</summary>
    public static void Return(byte* slot, ulong committedBytes)
    {
        if (committedBytes > 0)
        {
            // Inaccessible first, so no access can reach the pages while they are dropped.
            mprotect(slot, (nuint)committedBytes, ProtNone);
            madvise(slot, (nuint)committedBytes, MadviseDontNeed);
        }

        lock (Free)
        {
            Free.Push((nint)slot);
        }
    }
}
