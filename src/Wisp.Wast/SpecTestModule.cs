using System.Globalization;
using Wisp.Model;
using Wisp.Runtime;

namespace Wisp.Wast;

/// <summary>
/// The <c>spectest</c> host module that spec scripts import from, as the reference interpreter defines
/// it: print functions, four constant globals, a funcref table of 10..20 and a memory of 1..2 pages.
/// </summary>
public static class SpecTestModule
{
    public const string Name = "spectest";

    /// <summary>Defines fresh spectest instances in <paramref name="linker"/>; print functions write to <paramref name="output"/>.</summary>
    public static void Define(Linker linker, Store store, TextWriter output)
    {
        DefinePrint(linker, output, "print", []);
        DefinePrint(linker, output, "print_i32", [ValType.I32]);
        DefinePrint(linker, output, "print_i64", [ValType.I64]);
        DefinePrint(linker, output, "print_f32", [ValType.F32]);
        DefinePrint(linker, output, "print_f64", [ValType.F64]);
        DefinePrint(linker, output, "print_i32_f32", [ValType.I32, ValType.F32]);
        DefinePrint(linker, output, "print_f64_f64", [ValType.F64, ValType.F64]);
        linker.Define(Name, "global_i32", new Global(Value.FromInt32(666), mutable: false));
        linker.Define(Name, "global_i64", new Global(Value.FromInt64(666), mutable: false));
        linker.Define(Name, "global_f32", new Global(Value.FromSingle(666.6f), mutable: false));
        linker.Define(Name, "global_f64", new Global(Value.FromDouble(666.6), mutable: false));
        linker.Define(Name, "table", new Table(ValType.FuncRef, 10, 20));
        linker.Define(Name, "memory", new Memory(store, 1, 2));
    }

    private static void DefinePrint(Linker linker, TextWriter output, string name, ValType[] parameters) =>
        linker.DefineFunction(Name, name, new FunctionType(parameters, []), (arguments, _) =>
        {
            foreach (var argument in arguments)
            {
                output.WriteLine(Format(argument));
            }
        });

    // The reference interpreter prints "<value> : <type>".
    private static string Format(Value value) => value.Type switch
    {
        ValType.I32 => $"{value.AsInt32} : i32",
        ValType.I64 => $"{value.AsInt64} : i64",
        ValType.F32 => $"{value.AsSingle.ToString("R", CultureInfo.InvariantCulture)} : f32",
        _ => $"{value.AsDouble.ToString("R", CultureInfo.InvariantCulture)} : f64",
    };
}
