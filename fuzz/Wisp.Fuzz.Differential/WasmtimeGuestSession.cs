using Wasmtime;
using Wisp.Fuzz.Transcripts;
using Wisp.Model;

namespace Wisp.Fuzz.Differential;

/// <summary>A Wasmtime instance driven by <see cref="TranscriptRecorder"/>; refuels before every call so each call gets the same budget.</summary>
internal sealed class WasmtimeGuestSession : IGuestSession, IDisposable
{
    private readonly Wasmtime.Module _module;
    private readonly Wasmtime.Store _store;
    private readonly Wasmtime.Linker _linker;
    private readonly Wasmtime.Instance _instance;
    private readonly ulong _fuel;

    public WasmtimeGuestSession(Wasmtime.Module module, Wasmtime.Store store, Wasmtime.Linker linker, Wasmtime.Instance instance, ulong fuel)
    {
        _module = module;
        _store = store;
        _linker = linker;
        _instance = instance;
        _fuel = fuel;
        Functions = module.Exports.OfType<FunctionExport>()
            .Select(e => new ExportedFunction(e.Name, e.Parameters.Select(WasmtimeGuestEngine.ToValType).ToArray()))
            .ToArray();
        Memories = module.Exports.OfType<MemoryExport>().Select(e => e.Name).ToArray();
    }

    public IReadOnlyList<ExportedFunction> Functions { get; }

    public IReadOnlyList<string> Memories { get; }

    public CallOutcome Call(string name, IReadOnlyList<NeutralValue> arguments)
    {
        var function = _instance.GetFunction(name)!;
        var boxes = arguments.Select(ToBox).ToArray();
        _store.Fuel = _fuel;
        try
        {
            var returned = function.Invoke(boxes);
            var results = function.Results;
            var values = results.Count switch
            {
                0 => [],
                1 => [returned],
                _ => (object?[])returned!,
            };
            return CallOutcome.Returned(values.Select((value, i) => ToNeutral(WasmtimeGuestEngine.ToValType(results[i]), value)));
        }
        catch (Wasmtime.TrapException e) when (e.Type == TrapCode.OutOfFuel)
        {
            return CallOutcome.FuelExhausted;
        }
        catch (Wasmtime.TrapException e)
        {
            return CallOutcome.Trapped(WasmtimeTrapKinds.Of(e.Type));
        }
        catch (WasmtimeException e)
        {
            return CallOutcome.Crashed(e);
        }
    }

    public byte[] ReadMemory(string name)
    {
        var memory = _instance.GetMemory(name)!;
        return memory.GetSpan(0, checked((int)memory.GetLength())).ToArray();
    }

    public void Dispose()
    {
        _linker.Dispose();
        _store.Dispose();
        _module.Dispose();
    }

    private static ValueBox ToBox(NeutralValue value) => value.Type switch
    {
        ValType.I32 => (int)value.Bits,
        ValType.I64 => (long)value.Bits,
        ValType.F32 => BitConverter.UInt32BitsToSingle((uint)value.Bits),
        ValType.F64 => BitConverter.UInt64BitsToDouble(value.Bits),
        ValType.FuncRef => Wasmtime.Function.Null,
        _ => ValueBox.AsBox<object>(null!),
    };

    private static NeutralValue ToNeutral(ValType type, object? value) => type switch
    {
        ValType.I32 => NeutralValue.I32((int)value!),
        ValType.I64 => NeutralValue.I64((long)value!),
        ValType.F32 => NeutralValue.F32Bits(BitConverter.SingleToUInt32Bits((float)value!)),
        ValType.F64 => NeutralValue.F64Bits(BitConverter.DoubleToUInt64Bits((double)value!)),
        ValType.FuncRef => NeutralValue.Reference(type, value is null || (value is Wasmtime.Function f && f.IsNull)),
        _ => NeutralValue.Reference(type, value is null),
    };
}
