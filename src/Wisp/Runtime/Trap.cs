using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Wisp.Runtime;

/// <summary>
/// Throw helpers called by compiled code and runtime methods. Not marked NoInlining on purpose:
/// RyuJIT looks into a callee to learn that it only throws, then leaves it out of line and treats
/// the call as the end of the path (a cold block, no values kept alive across it). NoInlining hides
/// that, and every live value around each never-taken check was spilled.
/// </summary>
internal static class Trap
{
    [DoesNotReturn]
    public static void Throw(TrapCode code) => throw new TrapException(code);

    /// <summary>For IL that needs an exception object to <c>throw</c> (so the method visibly ends there).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static TrapException Create(TrapCode code) => new(code);

    [DoesNotReturn]
    public static void ThrowElement(TrapCode code, int index) => throw TrapException.ForElement(code, index);

    [DoesNotReturn]
    public static void ThrowMemoryOutOfBounds() => throw new TrapException(TrapCode.MemoryOutOfBounds);

    [DoesNotReturn]
    public static void ThrowTableOutOfBounds() => throw new TrapException(TrapCode.TableOutOfBounds);

    [DoesNotReturn]
    public static void ThrowCallStackExhausted() => throw new TrapException(TrapCode.CallStackExhausted);

    [DoesNotReturn]
    public static void ThrowIntegerDivideByZero() => throw new TrapException(TrapCode.IntegerDivideByZero);

    [DoesNotReturn]
    public static void ThrowIntegerOverflow() => throw new TrapException(TrapCode.IntegerOverflow);

    [DoesNotReturn]
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
        // Compiled code dereferences nothing that can be null but linear memory, so a fault there is
        // a guard-page hit (GuardPageFaults), an out-of-bounds access.
        NullReferenceException when GuardPageFaults.IsSupported && CompiledFrameNames.IsGuestCode(e.TargetSite)
            => new TrapException(TrapCode.MemoryOutOfBounds, null, e),
        NullReferenceException => new TrapException(TrapCode.NullReference, null, e),
        _ => new TrapException(TrapCode.HostError, e.Message, e),
    };
}
