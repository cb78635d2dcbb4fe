using System.Runtime.InteropServices;

namespace Wisp.Runtime;

/// <summary>
/// Memory instructions implemented out of line (spec 4.4.7, Wasm 2.0 semantics): the whole range is
/// checked before any byte is written, so a trapping instruction has no effect. Operands come in
/// Wasm stack order with the memory or instance last, so compiled code pushes them without temporaries.
/// </summary>
internal static unsafe class MemoryOperations
{
    public static int Grow(int deltaPages, LinearMemory memory) => memory.Grow((uint)deltaPages);

    public static void Fill(int destination, int value, int count, LinearMemory memory)
    {
        var d = (ulong)(uint)destination;
        var n = (ulong)(uint)count;
        if (d + n > memory.Length) Trap.ThrowMemoryOutOfBounds();
        NativeMemory.Fill(memory.Base + d, (nuint)n, (byte)value);
    }

    public static void Copy(int destination, int source, int count, LinearMemory memory)
    {
        var d = (ulong)(uint)destination;
        var s = (ulong)(uint)source;
        var n = (ulong)(uint)count;
        var length = memory.Length;
        if (d + n > length || s + n > length) Trap.ThrowMemoryOutOfBounds();
        // Buffer.MemoryCopy has memmove semantics: overlapping ranges are copied correctly.
        Buffer.MemoryCopy(memory.Base + s, memory.Base + d, n, n);
    }

    public static void Init(int destination, int source, int count, InstanceContext context, int segmentIndex)
    {
        var memory = context.Memory!;
        var segment = context.DataSegments[segmentIndex].Span;
        var d = (ulong)(uint)destination;
        var s = (ulong)(uint)source;
        var n = (ulong)(uint)count;
        if (s + n > (ulong)segment.Length || d + n > memory.Length) Trap.ThrowMemoryOutOfBounds();
        segment.Slice((int)s, (int)n).CopyTo(new Span<byte>(memory.Base + d, (int)n));
    }

    public static void DropData(InstanceContext context, int segmentIndex) =>
        context.DataSegments[segmentIndex] = ReadOnlyMemory<byte>.Empty;
}
