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
    /// only below it. Seeded on every call from the host; max until the first probe. Compiled code
    /// reads each instance's copy (<see cref="InstanceContext.StackCheckpoint"/>), which
    /// <see cref="SetStackCheckpoint"/> keeps equal to this.
    /// </summary>
    public nuint StackCheckpoint { get; private set; } = nuint.MaxValue;

    // The store's instances, whose copies of the checkpoint this keeps current. Most stores have one.
    private InstanceContext? _firstContext;
    private List<InstanceContext>? _moreContexts;

    /// <summary>Most bytes of stack guest code may use below its first entry on a thread; 0 for no budget.</summary>
    public nuint MaxWasmStack;

    /// <summary>Most pages a memory created in the store may reach; null for no limit beyond the memory's own.</summary>
    public uint? MaxMemoryPages;

    /// <summary>An instance created in the store: from now on its checkpoint follows the store's.</summary>
    public void Register(InstanceContext context)
    {
        context.StackCheckpoint = StackCheckpoint;
        if (_firstContext is null)
        {
            _firstContext = context;
        }
        else
        {
            (_moreContexts ??= []).Add(context);
        }
    }

    /// <summary>Sets the checkpoint of the store and of every instance in it.</summary>
    public void SetStackCheckpoint(nuint checkpoint)
    {
        StackCheckpoint = checkpoint;
        if (_firstContext is { } first)
        {
            first.StackCheckpoint = checkpoint;
        }

        if (_moreContexts is { } more)
        {
            foreach (var context in more)
            {
                context.StackCheckpoint = checkpoint;
            }
        }
    }
}
