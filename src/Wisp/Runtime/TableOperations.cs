using System.Runtime.CompilerServices;

namespace Wisp.Runtime;

/// <summary>
/// Table instructions (spec 4.4.6, Wasm 2.0 semantics): ranges are checked before anything is
/// written. Operands come in Wasm stack order with tables and instance last, so compiled code pushes
/// them without temporaries; indices are the i32 bits, read as unsigned.
/// </summary>
internal static class TableOperations
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static object? Get(int index, TableInstance table)
    {
        var elements = table.Elements;
        if ((uint)index >= (uint)elements.Length) Trap.ThrowTableOutOfBounds();
        return elements[index];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Set(int index, object? value, TableInstance table)
    {
        var elements = table.Elements;
        if ((uint)index >= (uint)elements.Length) Trap.ThrowTableOutOfBounds();
        elements[index] = value;
    }

    public static int Size(TableInstance table) => table.Elements.Length;

    public static int Grow(object? initial, int delta, TableInstance table) => table.Grow((uint)delta, initial);

    public static void Fill(int start, object? value, int count, TableInstance table)
    {
        var elements = table.Elements;
        var i = (ulong)(uint)start;
        var n = (ulong)(uint)count;
        if (i + n > (ulong)elements.Length) Trap.ThrowTableOutOfBounds();
        Array.Fill(elements, value, (int)i, (int)n);
    }

    public static void Copy(int destination, int source, int count, TableInstance destinationTable, TableInstance sourceTable)
    {
        var d = (ulong)(uint)destination;
        var s = (ulong)(uint)source;
        var n = (ulong)(uint)count;
        if (s + n > (ulong)sourceTable.Elements.Length || d + n > (ulong)destinationTable.Elements.Length) Trap.ThrowTableOutOfBounds();
        // Array.Copy handles overlap within one array.
        Array.Copy(sourceTable.Elements, (int)s, destinationTable.Elements, (int)d, (int)n);
    }

    public static void Init(int destination, int source, int count, TableInstance table, InstanceContext context, int segmentIndex)
    {
        var segment = context.ElementSegments[segmentIndex];
        var d = (ulong)(uint)destination;
        var s = (ulong)(uint)source;
        var n = (ulong)(uint)count;
        if (s + n > (ulong)segment.Length || d + n > (ulong)table.Elements.Length) Trap.ThrowTableOutOfBounds();
        Array.Copy(segment, (int)s, table.Elements, (int)d, (int)n);
    }

    public static void DropElements(InstanceContext context, int segmentIndex) => context.ElementSegments[segmentIndex] = [];

    /// <summary>
    /// The callee of a <c>call_indirect</c>: checks the slot exists, is not null and has the expected
    /// canonical type id, in the spec's order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FunctionInstance ResolveIndirect(int index, TableInstance table, int expectedTypeId)
    {
        var elements = table.Elements;
        if ((uint)index >= (uint)elements.Length) Trap.ThrowElement(TrapCode.UndefinedElement, index);
        var element = elements[index];
        if (element is null) Trap.ThrowElement(TrapCode.UninitializedElement, index);
        // Validation guarantees call_indirect names a funcref table, whose non-null slots are functions.
        var function = Unsafe.As<FunctionInstance>(element);
        if (function.TypeId != expectedTypeId) Trap.Throw(TrapCode.IndirectCallTypeMismatch);
        return function;
    }
}
