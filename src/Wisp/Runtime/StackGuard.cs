using System.Runtime.CompilerServices;

namespace Wisp.Runtime;

/// <summary>
/// The stack check at every compiled function's entry. <see cref="RuntimeHelpers.TryEnsureSufficientExecutionStack"/>
/// costs a runtime call (~14 ns per Wasm call in fib), so the hot path is one compare of the stack
/// pointer against a per-thread checkpoint; only below the checkpoint does the real probe run. A
/// checkpoint is set <see cref="CheckpointSpacing"/> below a stack pointer at which the probe
/// succeeded (at least 128 KB left on 64-bit), so anything above a checkpoint has at least
/// 128 KB − spacing of stack left, whatever unwinding happened since.
/// </summary>
internal static unsafe class StackGuard
{
    private const nuint CheckpointSpacing = 32 * 1024;

    /// <summary>
    /// Bitwise complement of the checkpoint, so a thread's zero-initialised value means "no checkpoint
    /// yet" (checkpoint = max), and the first call on each thread takes the slow path.
    /// </summary>
    [ThreadStatic]
    private static nuint t_checkpointComplement;

    /// <param name="stackPointer">An address in the caller's frame.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Enter(nuint stackPointer)
    {
        if (stackPointer < ~t_checkpointComplement)
        {
            Probe(stackPointer);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Probe(nuint stackPointer)
    {
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            Trap.ThrowCallStackExhausted();
        }

        t_checkpointComplement = ~(stackPointer - CheckpointSpacing);
    }
}
