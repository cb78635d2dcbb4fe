using Wisp.Fuzz.Transcripts;
using WasmtimeTrap = Wasmtime.TrapCode;
using WispTrap = Wisp.Runtime.TrapCode;

namespace Wisp.Fuzz.Differential;

/// <summary>Wasmtime's trap codes in Wisp's vocabulary (see <see cref="TrapKinds"/>).</summary>
internal static class WasmtimeTrapKinds
{
    public static string Of(WasmtimeTrap code) => code switch
    {
        WasmtimeTrap.StackOverflow => TrapKinds.Of(WispTrap.CallStackExhausted),
        WasmtimeTrap.MemoryOutOfBounds => TrapKinds.Of(WispTrap.MemoryOutOfBounds),
        WasmtimeTrap.TableOutOfBounds => TrapKinds.Of(WispTrap.TableOutOfBounds),
        WasmtimeTrap.IndirectCallToNull => TrapKinds.Of(WispTrap.UninitializedElement),
        WasmtimeTrap.BadSignature => TrapKinds.Of(WispTrap.IndirectCallTypeMismatch),
        WasmtimeTrap.IntegerOverflow => TrapKinds.Of(WispTrap.IntegerOverflow),
        WasmtimeTrap.IntegerDivisionByZero => TrapKinds.Of(WispTrap.IntegerDivideByZero),
        WasmtimeTrap.BadConversionToInteger => TrapKinds.Of(WispTrap.InvalidConversionToInteger),
        WasmtimeTrap.Unreachable => TrapKinds.Of(WispTrap.Unreachable),
        WasmtimeTrap.NullReference => TrapKinds.Of(WispTrap.NullReference),
        WasmtimeTrap.OutOfFuel => TrapKinds.Of(WispTrap.OutOfFuel),
        WasmtimeTrap.Interrupt => TrapKinds.Of(WispTrap.Interrupted),
        // Traps of proposals Wisp does not implement (GC, threads, components) cannot come from the
        // modules we generate; spell them in Wasmtime's words so any that do show up stand out.
        _ => $"wasmtime:{code}",
    };
}
