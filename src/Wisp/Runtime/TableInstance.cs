using Wisp.Model;

namespace Wisp.Runtime;

/// <summary>
/// A table of references. Elements are null (the null reference), a <see cref="FunctionInstance"/>
/// (funcref) or any object (externref). Compiled code reads <see cref="Elements"/> directly.
/// </summary>
public sealed class TableInstance : ExternalValue
{
    /// <summary>The live elements; replaced (not resized in place) on grow, so cache with care.</summary>
    public object?[] Elements;

    public TableInstance(TableType type, object? initial = null)
    {
        Type = type;
        Elements = new object?[type.Limits.Minimum];
        if (initial is not null)
        {
            Array.Fill(Elements, initial);
        }
    }

    public override ExternalKind Kind => ExternalKind.Table;

    /// <summary>The type with the current size as its minimum (what an importer sees, spec 4.5.3).</summary>
    public TableType Type { get; private set; }

    public ValType ElementType => Type.ElementType;

    public uint Size => (uint)Elements.Length;

    public uint? Maximum => Type.Limits.Maximum;

    /// <summary>Grows by <paramref name="delta"/> elements set to <paramref name="initial"/>; returns the old size or -1 (spec table.grow).</summary>
    public int Grow(uint delta, object? initial)
    {
        var old = Size;
        var newSize = (ulong)old + delta;
        var max = Type.Limits.Maximum ?? uint.MaxValue;
        // Cap host allocation: tables beyond 10M entries are refused like a failed grow.
        if (newSize > max || newSize > MaxElements)
        {
            return -1;
        }

        var grown = new object?[newSize];
        Array.Copy(Elements, grown, old);
        if (initial is not null)
        {
            Array.Fill(grown, initial, (int)old, (int)delta);
        }

        Elements = grown;
        Type = Type with { Limits = Type.Limits with { Minimum = (uint)newSize } };
        return (int)old;
    }

    /// <summary>The most elements any table may hold in Wisp, whatever its declared maximum.</summary>
    public const uint MaxElements = 10_000_000;
}
