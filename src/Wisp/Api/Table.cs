using Wisp.Model;
using Wisp.Runtime;

namespace Wisp;

/// <summary>A table of references (funcref or externref). Out-of-range indices raise a table trap, as in guest code.</summary>
public sealed class Table : Extern
{
    public Table(TableInstance runtime)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        Runtime = runtime;
    }

    /// <summary>A new table of <paramref name="minimum"/> elements, each set to <paramref name="initial"/> (null reference if default).</summary>
    public Table(ValType elementType, uint minimum, uint? maximum = null, Value initial = default)
        : this(new TableInstance(new TableType(RequireReference(elementType), new Limits(minimum, maximum)), ReferenceOf(initial, elementType)))
    {
    }

    public TableInstance Runtime { get; }

    public override ExternalValue ExternalValue => Runtime;

    public ValType ElementType => Runtime.ElementType;

    public uint Size => Runtime.Size;

    public uint? Maximum => Runtime.Maximum;

    public Value Get(uint index)
    {
        var elements = Runtime.Elements;
        if (index >= elements.Length)
        {
            throw new TrapException(TrapCode.TableOutOfBounds);
        }

        var element = elements[index];
        return ElementType == ValType.FuncRef ? Value.FromFunction((FunctionInstance?)element) : Value.FromExtern(element);
    }

    public void Set(uint index, Value value)
    {
        var elements = Runtime.Elements;
        if (index >= elements.Length)
        {
            throw new TrapException(TrapCode.TableOutOfBounds);
        }

        elements[index] = ReferenceOf(value, ElementType);
    }

    /// <summary>Grows by <paramref name="delta"/> elements set to <paramref name="initial"/> and returns the previous size; throws if it cannot.</summary>
    public uint Grow(uint delta, Value initial = default)
    {
        var previous = Runtime.Grow(delta, ReferenceOf(initial, ElementType));
        return previous >= 0
            ? (uint)previous
            : throw new InvalidOperationException($"table of {Size} elements cannot grow by {delta}");
    }

    private static ValType RequireReference(ValType type) =>
        type.IsReference() ? type : throw new ArgumentException($"a table holds references, not {type.Name()}", nameof(type));

    // default(Value) has no type: it stands for the null reference of the table's type.
    private static object? ReferenceOf(Value value, ValType elementType)
    {
        if (value.Type == default && value.Reference is null)
        {
            return null;
        }

        if (value.Type != elementType)
        {
            throw new ArgumentException($"table holds {elementType.Name()}, got {value.Type.Name()}", nameof(value));
        }

        return value.Reference;
    }
}
