using Wasmtime;
using Wisp.Fuzz.Transcripts;
using Wisp.Model;

namespace Wisp.Fuzz.Differential;

/// <summary>
/// Wasmtime (Cranelift) as the reference engine, limited to the proposals Wisp implements so that
/// both validate the same language. Fuel bounds every call: a call that runs out says nothing
/// about either engine and its module is skipped.
/// </summary>
internal sealed class WasmtimeGuestEngine : IGuestEngine, IDisposable
{
    private readonly Wasmtime.Engine _engine;
    private readonly ulong _fuel;

    public WasmtimeGuestEngine(ulong fuel, bool canonicalizeNaNs = false)
    {
        _fuel = fuel;
        _engine = new Wasmtime.Engine(new Config()
            .WithFuelConsumption(true)
            .WithCraneliftNaNCanonicalization(canonicalizeNaNs)
            .WithSIMD(false)
            .WithRelaxedSIMD(false, false)
            .WithGc(false)
            .WithFunctionReferences(false)
            .WithTailCalls(false)
            .WithExceptions(false)
            .WithWasmThreads(false)
            .WithMemory64(false)
            .WithMultiMemory(false)
            .WithWideArithmetic(false)
            .WithParallelCompilation(false));
    }

    public string Name => "wasmtime";

    public (IGuestSession? Session, string StartLine) Start(byte[] wasm, CallLog log)
    {
        Wasmtime.Module module;
        try
        {
            module = Wasmtime.Module.FromBytes(_engine, "fuzz", wasm);
        }
        catch (WasmtimeException)
        {
            return (null, "module: rejected");
        }

        var store = new Wasmtime.Store(_engine) { Fuel = _fuel };
        var linker = new Wasmtime.Linker(_engine);
        foreach (var import in module.Imports)
        {
            if (import is not FunctionImport function || !FuzzingSupport.IsLogImport(import.ModuleName, import.Name))
            {
                Release(module, store, linker);
                return (null, $"module: unsupported import {import.ModuleName}.{import.Name}");
            }

            var name = import.Name;
            var types = function.Parameters.Select(ToValType).ToArray();
            linker.DefineFunction(import.ModuleName, name, (_, arguments, _) =>
            {
                var logged = new NeutralValue[arguments.Length];
                for (var i = 0; i < arguments.Length; i++)
                {
                    logged[i] = ToNeutral(types[i], arguments[i]);
                }

                log.Add(name, logged);
            }, function.Parameters, function.Results);
        }

        try
        {
            var instance = linker.Instantiate(store, module);
            return (new WasmtimeGuestSession(module, store, linker, instance, _fuel), "module: instantiated");
        }
        catch (Wasmtime.TrapException e)
        {
            Release(module, store, linker);
            return (null, $"instantiate: trap {WasmtimeTrapKinds.Of(e.Type)}");
        }
        catch (WasmtimeException)
        {
            Release(module, store, linker);
            return (null, "instantiate: failed");
        }
    }

    public void Dispose() => _engine.Dispose();

    internal static ValType ToValType(ValueKind kind) => kind switch
    {
        ValueKind.Int32 => ValType.I32,
        ValueKind.Int64 => ValType.I64,
        ValueKind.Float32 => ValType.F32,
        ValueKind.Float64 => ValType.F64,
        ValueKind.V128 => ValType.V128,
        ValueKind.FuncRef => ValType.FuncRef,
        ValueKind.ExternRef => ValType.ExternRef,
        _ => throw new NotSupportedException($"value kind {kind} is outside the compared feature set"),
    };

    private static NeutralValue ToNeutral(ValType type, ValueBox box) => type switch
    {
        ValType.I32 => NeutralValue.I32(box.AsInt32()),
        ValType.I64 => NeutralValue.I64(box.AsInt64()),
        ValType.F32 => NeutralValue.F32Bits(BitConverter.SingleToUInt32Bits(box.AsSingle())),
        ValType.F64 => NeutralValue.F64Bits(BitConverter.DoubleToUInt64Bits(box.AsDouble())),
        _ => throw new NotSupportedException($"logging a {type} is outside the compared feature set"),
    };

    private static void Release(Wasmtime.Module module, Wasmtime.Store store, Wasmtime.Linker linker)
    {
        linker.Dispose();
        store.Dispose();
        module.Dispose();
    }
}
