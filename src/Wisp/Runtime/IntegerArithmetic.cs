using System.Runtime.CompilerServices;

namespace Wisp.Runtime;

/// <summary>
/// Wasm integer division and remainder (spec 4.3.2). .NET's <c>div</c>/<c>rem</c> throw on a zero
/// divisor and on <c>MinValue / -1</c> (including <c>rem</c>, where Wasm wants 0), so compiled code
/// calls these, which check first and raise the spec's traps.
/// </summary>
internal static class IntegerArithmetic
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int DivS(int a, int b)
    {
        if (b == 0) Trap.ThrowIntegerDivideByZero();
        if (b == -1 && a == int.MinValue) Trap.ThrowIntegerOverflow();
        return a / b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int DivU(int a, int b)
    {
        if (b == 0) Trap.ThrowIntegerDivideByZero();
        return (int)((uint)a / (uint)b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int RemS(int a, int b)
    {
        if (b == 0) Trap.ThrowIntegerDivideByZero();
        return b == -1 ? 0 : a % b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int RemU(int a, int b)
    {
        if (b == 0) Trap.ThrowIntegerDivideByZero();
        return (int)((uint)a % (uint)b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long DivS(long a, long b)
    {
        if (b == 0) Trap.ThrowIntegerDivideByZero();
        if (b == -1 && a == long.MinValue) Trap.ThrowIntegerOverflow();
        return a / b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long DivU(long a, long b)
    {
        if (b == 0) Trap.ThrowIntegerDivideByZero();
        return (long)((ulong)a / (ulong)b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long RemS(long a, long b)
    {
        if (b == 0) Trap.ThrowIntegerDivideByZero();
        return b == -1 ? 0 : a % b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long RemU(long a, long b)
    {
        if (b == 0) Trap.ThrowIntegerDivideByZero();
        return (long)((ulong)a % (ulong)b);
    }
}
