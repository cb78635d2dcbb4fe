namespace Wisp.Runtime;

/// <summary>
/// Which checks compiled code carries at function entries and loop headers (so on every back-edge).
/// Chosen when a module is compiled: a module compiled with <see cref="None"/> has no trace of them.
/// </summary>
[Flags]
internal enum InterruptionChecks
{
    None = 0,

    /// <summary>Each check subtracts the Wasm instruction count of the code it heads from <see cref="ExecutionControl.Fuel"/>.</summary>
    Fuel = 1,

    /// <summary>Each check reads <see cref="ExecutionControl.InterruptRequested"/>.</summary>
    Interrupt = 2,
}
