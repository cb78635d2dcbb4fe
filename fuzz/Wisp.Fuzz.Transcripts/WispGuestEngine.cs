using Wisp.Diagnostics;
using Wisp.Model;
using Wisp.Runtime;

namespace Wisp.Fuzz.Transcripts;

/// <summary>Wisp as a comparison engine; optionally with NaN results canonicalised (<see cref="Engine.CanonicalizeNaNs"/>).</summary>
public sealed class WispGuestEngine(bool canonicalizeNaNs = false) : IGuestEngine
{
    private readonly Engine _engine = new() { CanonicalizeNaNs = canonicalizeNaNs };

    public string Name => "wisp";

    public (IGuestSession? Session, string StartLine) Start(byte[] wasm, CallLog log)
    {
        Module module;
        try
        {
            module = Module.FromBytes(_engine, "fuzz", wasm);
        }
        catch (Exception e) when (e is MalformedModuleException or InvalidModuleException)
        {
            return (null, "module: rejected");
        }
        catch (Exception e)
        {
            return (null, $"module: crash {e.GetType().Name}");
        }

        var linker = new Linker(_engine);
        foreach (var import in module.Imports)
        {
            if (import.Kind != ExternalKind.Function || !FuzzingSupport.IsLogImport(import.ModuleName, import.Name))
            {
                return (null, $"module: unsupported import {import.ModuleName}.{import.Name}");
            }

            var name = import.Name;
            linker.DefineFunction(import.ModuleName, name, import.FunctionType!, (arguments, _) =>
            {
                var logged = new NeutralValue[arguments.Length];
                for (var i = 0; i < arguments.Length; i++)
                {
                    logged[i] = ToNeutral(arguments[i]);
                }

                log.Add(name, logged);
            });
        }

        var store = new Store(_engine);
        try
        {
            var instance = linker.Instantiate(store, module);
            return (new WispGuestSession(store, instance), "module: instantiated");
        }
        catch (TrapException e)
        {
            store.Dispose();
            return (null, $"instantiate: trap {TrapKinds.Of(e.Code)}");
        }
        catch (Exception e)
        {
            store.Dispose();
            return (null, $"instantiate: crash {e.GetType().Name}");
        }
    }

    internal static NeutralValue ToNeutral(Value value) => value.Type switch
    {
        ValType.FuncRef or ValType.ExternRef => NeutralValue.Reference(value.Type, value.IsNull),
        _ => new NeutralValue(value.Type, value.Bits),
    };

    internal static Value FromNeutral(NeutralValue value) => value.Type switch
    {
        ValType.I32 => Value.FromInt32((int)value.Bits),
        ValType.I64 => Value.FromInt64((long)value.Bits),
        ValType.F32 => Value.FromSingleBits((uint)value.Bits),
        ValType.F64 => Value.FromDoubleBits(value.Bits),
        _ => Value.NullOf(value.Type),
    };
}
