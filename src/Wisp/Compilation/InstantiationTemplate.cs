using Wisp.Instructions;
using Wisp.Model;
using Wisp.Runtime;

namespace Wisp.Compilation;

/// <summary>
/// What every instantiation of a module shares, worked out once per <see cref="CompiledModule"/>:
/// function types and names, the export index, constant initialisers and segment offsets decoded
/// to values, and element segments reduced to function indices. Instantiation then copies and
/// indexes instead of decoding constant expressions or walking the name section each time.
/// </summary>
internal sealed class InstantiationTemplate
{
    /// <summary>An element item that is <c>ref.null</c>.</summary>
    public const int NullElement = -1;

    // Loops over arrays rather than LINQ: Select over these value types (Value?, ReadOnlyMemory<byte>,
    // uint) is generic framework code that ReadyToRun leaves to the JIT, and this runs at start-up.
    public InstantiationTemplate(ModuleDefinition module)
    {
        var imported = module.ImportedFunctionCount;
        var typeIndices = module.FunctionTypeIndexArray;
        FunctionTypes = new FunctionType[typeIndices.Length];
        FunctionNames = new string?[FunctionTypes.Length];
        FunctionTypeIds = new int[FunctionTypes.Length];
        for (var i = 0; i < FunctionTypes.Length; i++)
        {
            FunctionTypes[i] = module.Types[(int)typeIndices[i]];
            FunctionTypeIds[i] = Runtime.FunctionTypeIds.Of(FunctionTypes[i]);
            FunctionNames[i] = module.Names?.FunctionName((uint)(imported + i));
        }

        Exports = new Dictionary<string, Export>(module.Exports.Count, StringComparer.Ordinal);
        foreach (var export in module.Exports)
        {
            Exports[export.Name] = export;
        }

        GlobalInitializers = new Value?[module.Globals.Count];
        for (var i = 0; i < GlobalInitializers.Length; i++)
        {
            GlobalInitializers[i] = Constant(module.Globals[i].Initializer);
        }

        ElementOffsets = new Value?[module.Elements.Count];
        ElementFunctions = new int[]?[module.Elements.Count];
        for (var i = 0; i < ElementOffsets.Length; i++)
        {
            var segment = module.Elements[i];
            ElementOffsets[i] = segment.Offset is null ? null : Constant(segment.Offset);
            ElementFunctions[i] = FunctionIndices(segment);
            HasPassiveElements |= segment.Mode == SegmentMode.Passive;
        }

        DataOffsets = new Value?[module.Data.Count];
        PassiveData = new ReadOnlyMemory<byte>[module.Data.Count];
        for (var i = 0; i < DataOffsets.Length; i++)
        {
            var segment = module.Data[i];
            DataOffsets[i] = segment.Offset is null ? null : Constant(segment.Offset);
            PassiveData[i] = segment.Mode == SegmentMode.Passive ? segment.Data : ReadOnlyMemory<byte>.Empty;
        }
    }

    /// <summary>The types of the defined functions, in definition order.</summary>
    public FunctionType[] FunctionTypes { get; }

    /// <summary>The canonical ids of <see cref="FunctionTypes"/>.</summary>
    public int[] FunctionTypeIds { get; }

    /// <summary>The defined functions' names from the name section (null where absent), for backtraces.</summary>
    public string?[] FunctionNames { get; }

    /// <summary>The exports by name.</summary>
    public Dictionary<string, Export> Exports { get; }

    /// <summary>Each defined global's initial value when it needs no instance (no <c>global.get</c>/<c>ref.func</c>); else null.</summary>
    public Value?[] GlobalInitializers { get; }

    /// <summary>Each active element segment's offset when it is a constant; else null.</summary>
    public Value?[] ElementOffsets { get; }

    /// <summary>Each element segment as function indices (<see cref="NullElement"/> for null) when every item is one; else null.</summary>
    public int[]?[] ElementFunctions { get; }

    /// <summary>Each active data segment's offset when it is a constant; else null.</summary>
    public Value?[] DataOffsets { get; }

    /// <summary>
    /// The data segments as a fresh instance sees them after its active segments ran: passive ones
    /// whole, active ones dropped. Copied per instance, since <c>data.drop</c> writes to it.
    /// </summary>
    public ReadOnlyMemory<byte>[] PassiveData { get; }

    /// <summary>Whether any element segment survives instantiation (otherwise all are dropped at once).</summary>
    public bool HasPassiveElements { get; }

    /// <summary>The value of <paramref name="expression"/> if it is a single constant instruction.</summary>
    private static Value? Constant(ConstantExpression expression)
    {
        var reader = new InstructionReader(expression.Code.Span, expression.Offset);
        var instruction = reader.Read();
        Value? value = instruction.Opcode switch
        {
            Opcode.I32Const => Value.FromInt32(instruction.I32),
            Opcode.I64Const => Value.FromInt64(instruction.I64),
            Opcode.F32Const => Value.FromSingleBits(instruction.F32Bits),
            Opcode.F64Const => Value.FromDoubleBits(instruction.F64Bits),
            Opcode.V128Const => Value.FromV128(instruction.Value, instruction.High),
            Opcode.RefNull => Value.NullOf(instruction.ValType),
            _ => null,
        };
        return value is not null && !reader.AtEnd && reader.Read().Opcode == Opcode.End && reader.AtEnd ? value : null;
    }

    private static int[]? FunctionIndices(ElementSegment segment)
    {
        if (segment.FunctionIndices is { } indices)
        {
            var functions = new int[indices.Length];
            for (var i = 0; i < functions.Length; i++)
            {
                functions[i] = (int)indices[i];
            }

            return functions;
        }

        var result = new int[segment.Items.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var item = segment.Items[i];
            var reader = new InstructionReader(item.Code.Span, item.Offset);
            var instruction = reader.Read();
            if (instruction.Opcode == Opcode.RefFunc)
            {
                result[i] = (int)instruction.Index;
            }
            else if (instruction.Opcode == Opcode.RefNull)
            {
                result[i] = NullElement;
            }
            else
            {
                return null;
            }
        }

        return result;
    }
}
