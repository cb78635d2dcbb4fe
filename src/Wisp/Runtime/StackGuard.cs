using System.Runtime.CompilerServices;

namespace Wisp.Runtime;

/// <summary>
/// The stack check at every compiled function's entry. <see cref="RuntimeHelpers.TryEnsureSufficientExecutionStack"/>
/// costs a runtime call (~14 ns per Wasm call in fib), so the hot path is one compare of the stack
/// pointer against a checkpoint; only below the checkpoint does the real probe run. A checkpoint is
/// set <see cref="CheckpointSpacing"/> below a stack pointer at which the probe succeeded (at least
/// 128 KB left on 64-bit), so anything above a checkpoint has at least 128 KB − spacing of stack
/// left, whatever unwinding happened since.
/// </summary>
/// <remarks>
/// A checkpoint belongs to a thread's stack. Each thread keeps its own in a thread static, but
/// compiled code reads a copy in its <see cref="InstanceContext"/>: a thread static costs a runtime
/// helper call from generated code, a field of the context (already in a register) one load. The
/// store's <see cref="ExecutionControl"/> seeds every instance's copy from the thread's value whenever
/// the host calls into the store (<see cref="EnterFromHost"/>), and a store runs on one thread at a
/// time, so the copies always describe the running thread. Compiled code never calls straight into
/// another store's functions (they go through the host path, which seeds again).
/// A stack budget (<see cref="Engine.MaxWasmStack"/>) adds a floor: the lowest stack address guest
/// code may reach, set when the host first calls in. The checkpoint never sits below the floor, so
/// the hot path stays one compare and the probe, which only runs below the checkpoint, enforces it.
/// </remarks>
internal static unsafe class StackGuard
{
    private const nuint CheckpointSpacing = 32 * 1024;

    /// <summary>
    /// Bitwise complement of the checkpoint, so a thread's zero-initialised value means "no checkpoint
    /// yet" (checkpoint = max), and the first call on each thread takes the slow path.
    /// </summary>
    [ThreadStatic]
    private static nuint t_checkpointComplement;

    /// <summary>The lowest stack address guest code may use on this thread; 0 without a budget.</summary>
    [ThreadStatic]
    private static nuint t_floor;

    /// <param name="stackPointer">An address in the caller's frame.</param>
    /// <param name="context">The running instance, holding the running thread's checkpoint.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Enter(nuint stackPointer, InstanceContext context)
    {
        if (stackPointer < context.StackCheckpoint)
        {
            Probe(stackPointer, context);
        }
    }

    /// <summary>Before the host calls guest code of <paramref name="control"/>'s store on this thread.</summary>
    public static void EnterFromHost(ExecutionControl control) => control.SetStackCheckpoint(~t_checkpointComplement);

    /// <summary>
    /// Limits guest code entered from <paramref name="stackPointer"/> to <paramref name="budget"/> bytes
    /// of stack. A nested entry (guest → host → guest) keeps the outer, higher floor, so the budget
    /// counts from the first entry. Pass the result to <see cref="Restore"/> when the call returns.
    /// </summary>
    public static SavedState ApplyBudget(nuint stackPointer, nuint budget)
    {
        var saved = new SavedState(t_floor, t_checkpointComplement);
        var floor = Math.Max(saved.Floor, stackPointer > budget ? stackPointer - budget : 0);
        t_floor = floor;
        t_checkpointComplement = ~Math.Max(~saved.CheckpointComplement, floor);
        return saved;
    }

    /// <summary>Puts back the floor and checkpoint from before <see cref="ApplyBudget"/>; both stay valid after unwinding.</summary>
    public static void Restore(SavedState saved)
    {
        t_floor = saved.Floor;
        t_checkpointComplement = saved.CheckpointComplement;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Probe(nuint stackPointer, InstanceContext context)
    {
        var floor = t_floor;
        if (stackPointer < floor || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            Trap.ThrowCallStackExhausted();
        }

        var checkpoint = Math.Max(stackPointer - CheckpointSpacing, floor);
        t_checkpointComplement = ~checkpoint;
        context.Control.SetStackCheckpoint(checkpoint);
    }

    /// <summary>A thread's floor and checkpoint, saved across a budgeted call.</summary>
    public readonly record struct SavedState(nuint Floor, nuint CheckpointComplement);
}
