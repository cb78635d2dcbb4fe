namespace Wisp.Runtime;

/// <summary>
/// One store's fuel, interrupt request and resource limits, shared by every instance created in it.
/// Compiled code reaches it through <see cref="InstanceContext.Control"/>; the checks that read it are
/// emitted only when the engine asks for them (<see cref="InterruptionChecks"/>). Fields, not
/// properties, because the inlined checks read and write them directly.
/// </summary>
internal sealed class ExecutionControl
{
    /// <summary>Fuel left. Only touched by the store's own thread, like everything else in a store.</summary>
    public long Fuel;

    /// <summary>Non-zero once an interrupt was requested. Set from any thread (a timer), hence read volatile.</summary>
    public int InterruptRequested;

    /// <summary>
    /// The running thread's stack checkpoint (<see cref="StackGuard"/>): compiled code probes the stack
    /// only below it. Seeded on every call from the host; max until the first probe.
    /// </summary>
    public nuint StackCheckpoint = nuint.MaxValue;

    /// <summary>Most bytes of stack guest code may use below its first entry on a thread; 0 for no budget.</summary>
    public nuint MaxWasmStack;

    /// <summary>Most pages a memory created in the store may reach; null for no limit beyond the memory's own.</summary>
    public uint? MaxMemoryPages;
}
