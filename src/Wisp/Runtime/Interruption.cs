using System.Runtime.CompilerServices;

namespace Wisp.Runtime;

/// <summary>
/// The bodies of the emitted checks. Small and <see cref="MethodImplOptions.AggressiveInlining"/>, so a
/// check is a load, a compare and a never-taken branch in the guest's own code.
/// </summary>
internal static class Interruption
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ConsumeFuel(ExecutionControl control, int units)
    {
        var remaining = control.Fuel - units;
        if (remaining < 0)
        {
            ThrowOutOfFuel(control);
        }

        control.Fuel = remaining;
    }

    /// <summary>Volatile, so the JIT cannot hoist the read out of a loop that never calls anything.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CheckInterrupt(ExecutionControl control)
    {
        if (Volatile.Read(ref control.InterruptRequested) != 0)
        {
            Trap.Throw(TrapCode.Interrupted);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowOutOfFuel(ExecutionControl control)
    {
        control.Fuel = 0;
        throw new TrapException(TrapCode.OutOfFuel);
    }
}
