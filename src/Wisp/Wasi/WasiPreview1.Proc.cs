using Wisp.Runtime;

namespace Wisp.Wasi;

/// <summary>proc_exit, proc_raise, sched_yield.</summary>
internal readonly partial struct WasiPreview1
{
    private static void ProcExit(int code) => throw new WasiExitException(code);

    /// <summary>Signals are not part of the sandbox; like Wasmtime, raising one ends the guest with a trap.</summary>
    private static Errno ProcRaise(uint signal) =>
        throw new TrapException(TrapCode.HostError, $"proc_raise({signal}) is not supported");

    private static Errno SchedYield()
    {
        Thread.Yield();
        return Errno.Success;
    }
}
