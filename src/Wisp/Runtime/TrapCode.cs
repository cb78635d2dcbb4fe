namespace Wisp.Runtime;

/// <summary>Why guest code stopped. Closed: every trap Wisp raises is one of these.</summary>
public enum TrapCode
{
    Unreachable,
    IntegerDivideByZero,
    IntegerOverflow,
    InvalidConversionToInteger,
    MemoryOutOfBounds,
    TableOutOfBounds,
    UndefinedElement,
    UninitializedElement,
    IndirectCallTypeMismatch,
    NullReference,
    CallStackExhausted,
    OutOfFuel,
    Interrupted,
    HostError,
}

/// <summary>The spec testsuite's wording for each trap (what <c>assert_trap</c> expects).</summary>
public static class TrapMessages
{
    public static string Of(TrapCode code) => code switch
    {
        TrapCode.Unreachable => "unreachable",
        TrapCode.IntegerDivideByZero => "integer divide by zero",
        TrapCode.IntegerOverflow => "integer overflow",
        TrapCode.InvalidConversionToInteger => "invalid conversion to integer",
        TrapCode.MemoryOutOfBounds => "out of bounds memory access",
        TrapCode.TableOutOfBounds => "out of bounds table access",
        TrapCode.UndefinedElement => "undefined element",
        TrapCode.UninitializedElement => "uninitialized element",
        TrapCode.IndirectCallTypeMismatch => "indirect call type mismatch",
        TrapCode.NullReference => "null reference",
        TrapCode.CallStackExhausted => "call stack exhausted",
        TrapCode.OutOfFuel => "all fuel consumed",
        TrapCode.Interrupted => "interrupted",
        TrapCode.HostError => "host function error",
        _ => "unknown trap",
    };
}
