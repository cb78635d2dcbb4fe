using Wisp.Model;

namespace Wisp.Runtime;

/// <summary>
/// A global variable. Compiled code reads and writes the public fields directly; the host goes
/// through <see cref="Value"/>.
/// </summary>
public sealed class GlobalInstance : ExternalValue
{
    /// <summary>Numeric bits (the integer or the float's IEEE bits; a v128's low half).</summary>
    public ulong Bits;

    /// <summary>A v128's high half.</summary>
    public ulong High;

    /// <summary>Reference value for funcref/externref globals (null is the null reference).</summary>
    public object? Reference;

    public GlobalInstance(GlobalType type, Value initial)
    {
        Type = type;
        Store(initial);
    }

    public override ExternalKind Kind => ExternalKind.Global;

    public GlobalType Type { get; }

    public Value Value
    {
        get => Type.ValType switch
        {
            ValType.I32 => Value.FromInt32((int)Bits),
            ValType.I64 => Value.FromInt64((long)Bits),
            ValType.F32 => Value.FromSingleBits((uint)Bits),
            ValType.F64 => Value.FromDoubleBits(Bits),
            ValType.V128 => Value.FromV128(Bits, High),
            ValType.FuncRef => Value.FromFunction(Reference as FunctionInstance),
            _ => Value.FromExtern(Reference),
        };
        set
        {
            if (!Type.Mutable)
            {
                throw new InvalidOperationException("global is immutable");
            }

            Store(value);
        }
    }

    private void Store(Value value)
    {
        if (value.Type != Type.ValType)
        {
            throw new ArgumentException($"expected a {Type.ValType.Name()} value, got {value.Type.Name()}");
        }

        Bits = value.Bits;
        High = value.High;
        Reference = value.Reference;
    }
}
