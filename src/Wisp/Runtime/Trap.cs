using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Wisp.Runtime;

/// <summary>
/// Throw helpers called by compiled code. Kept out of line (NoInlining) so that the hot path of a
/// checked operation is a compare and a never-taken branch; the JIT sees they never return.
/// </summary>
internal static class Trap
{
    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    public static void Throw(TrapCode code) => throw new TrapException(code);

    /// <summary>For IL that needs an exception object to <c>throw</c> (so the method visibly ends there).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static TrapException Create(TrapCode code) => new(code);

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowElement(TrapCode code, int index) => throw TrapException.ForElement(code, index);

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowMemoryOutOfBounds() => throw new TrapException(TrapCode.MemoryOutOfBounds);

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowTableOutOfBounds() => throw new TrapException(TrapCode.TableOutOfBounds);

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowCallStackExhausted() => throw new TrapException(TrapCode.CallStackExhausted);

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowIntegerDivideByZero() => throw new TrapException(TrapCode.IntegerDivideByZero);

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowIntegerOverflow() => throw new TrapException(TrapCode.IntegerOverflow);

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowInvalidConversion() => throw new TrapException(TrapCode.InvalidConversionToInteger);

    /// <summary>
    /// Maps an exception that escaped guest code to a trap. Compiled code is written so that none of
    /// these happen; this is the safety net at the host boundary.
    /// </summary>
    public static TrapException FromStray(Exception e) => e switch
    {
        TrapException t => t,
        DivideByZeroException => new TrapException(TrapCode.IntegerDivideByZero, null, e),
        OverflowException => new TrapException(TrapCode.IntegerOverflow, null, e),
        InsufficientExecutionStackException => new TrapException(TrapCode.CallStackExhausted, null, e),
        IndexOutOfRangeException or ArgumentOutOfRangeException => new TrapException(TrapCode.MemoryOutOfBounds, null, e),
        NullReferenceException => new TrapException(TrapCode.NullReference, null, e),
        _ => new TrapException(TrapCode.HostError, e.Message, e),
    };
}
