using Wisp.Compilation;
using Wisp.Instructions;
using Wisp.Loader.Binary;
using Wisp.Loader.Text;
using Wisp.Model;
using Wisp.Runtime;
using Wisp.Validation;

namespace Wisp.Tests.Compilation;

/// <summary>Compiles and instantiates WAT for compiler tests, and calls exports with plain values.</summary>
internal static class CompiledWat
{
    /// <summary>The module <paramref name="wat"/> describes, decoded and validated, for tests of the passes before IL.</summary>
    public static ModuleDefinition Validated(string wat)
    {
        var module = ModuleDecoder.Decode(WatParser.ParseModule(wat));
        ModuleValidator.Validate(module);
        return module;
    }

    public static CompiledModule Compile(string wat) => ModuleCompiler.Compile(Validated(wat));

    /// <summary>
    /// The bounds-check plan of defined function <paramref name="function"/> of <paramref name="wat"/>,
    /// every access checked explicitly (no guard pages), with that function's body.
    /// </summary>
    public static (BoundsCheckPlan Plan, FunctionBody Body) BoundsCheckPlanOf(string wat, int function = 0)
    {
        var module = Validated(wat);
        var body = module.Bodies[function];
        var minimum = module.Spaces.Memories[0].Limits.Minimum * (ulong)MemoryType.PageSize;
        return (BoundsCheckPlan.Create(body.Code.Span, body.CodeOffset, minimum, _ => true), body);
    }

    /// <summary>The instructions of <paramref name="body"/>, in code order.</summary>
    public static List<Instruction> InstructionsOf(FunctionBody body)
    {
        var instructions = new List<Instruction>();
        var reader = new InstructionReader(body.Code.Span, body.CodeOffset);
        while (!reader.AtEnd)
        {
            instructions.Add(reader.Read());
        }

        return instructions;
    }

    public static ModuleInstance Instantiate(string wat, params ExternalValue[] imports) => Compile(wat).Instantiate(imports);

    public static Value[] Call(this ModuleInstance instance, string export, params Value[] arguments)
    {
        var function = (FunctionInstance)instance.Exports[export];
        var results = new Value[function.Type.Results.Count];
        function.Invoke(arguments, results);
        return results;
    }

    public static int CallI32(this ModuleInstance instance, string export, params Value[] arguments) =>
        instance.Call(export, arguments)[0].AsInt32;

    public static long CallI64(this ModuleInstance instance, string export, params Value[] arguments) =>
        instance.Call(export, arguments)[0].AsInt64;

    public static TrapException Trap(this ModuleInstance instance, string export, params Value[] arguments) =>
        Assert.Throws<TrapException>(() => instance.Call(export, arguments));

    public static Value I32(int value) => Value.FromInt32(value);

    public static Value I64(long value) => Value.FromInt64(value);

    public static Value F32Bits(uint bits) => Value.FromSingleBits(bits);

    public static Value F64Bits(ulong bits) => Value.FromDoubleBits(bits);

    public static HostFunction HostFunctionOf(ValType[] parameters, ValType[] results, HostCallback callback) =>
        new(new FunctionType(parameters, results), callback);
}
