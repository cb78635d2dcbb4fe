using Wisp.Diagnostics;
using Wisp.Instructions;
using Wisp.Model;

namespace Wisp.Validation;

/// <summary>
/// Validates function bodies with the algorithm of the spec appendix (7.3): an operand stack of value
/// types (with <see cref="Unknown"/> for the polymorphic stack of unreachable code) and a control stack.
/// One instance validates any number of bodies of one module and reuses its stacks, so validating a large
/// module allocates almost nothing per function. Explicit stacks, no recursion: nesting depth is bounded
/// only by the body's size.
/// </summary>
internal sealed partial class FunctionValidator(ValidationContext context)
{
    /// <summary>The bottom type: an operand popped from the polymorphic stack of unreachable code.</summary>
    public const ValType Unknown = 0;

    private ValType[] _operands = new ValType[64];
    private int _operandCount;
    private ControlFrame[] _frames = new ControlFrame[16];
    private int _frameCount;

    // Locals beyond the parameters, as runs: _localEnds[i] is one past the last local index of run i.
    private ulong[] _localEnds = new ulong[8];
    private ValType[] _localTypes = new ValType[8];
    private int _localRunCount;
    private FunctionType _function = FunctionType.Empty;

    // br_table checks each target's label types against the operands without consuming them.
    private ValType[] _scratch = new ValType[8];

    /// <summary>The operand types at the current point of validation, bottom first (for a future typed walk by the compiler).</summary>
    public ReadOnlySpan<ValType> OperandTypes => _operands.AsSpan(0, _operandCount);

    /// <summary>Validates the body of function <paramref name="functionIndex"/> (an index into the whole function index space).</summary>
    public void Validate(uint functionIndex, FunctionBody body)
    {
        _function = context.FunctionTypeAt(functionIndex, body.CodeOffset);
        _operandCount = 0;
        _frameCount = 0;
        DeclareLocals(body);

        var reader = new InstructionReader(body.Code.Span, body.CodeOffset);
        PushFrame(Opcode.End, BlockSignature.OfFunction(_function));
        while (_frameCount > 0)
        {
            if (reader.AtEnd)
            {
                // The body's bytes ran out inside a block: the reference decoder reads on past the
                // body and hits the end of the section.
                throw new MalformedModuleException("unexpected end of section or function", reader.Offset);
            }

            Check(reader.Read());
        }

        if (!reader.AtEnd)
        {
            // Bytes after the final end: the code entry's size does not match its contents.
            throw new MalformedModuleException("section size mismatch", reader.Offset);
        }
    }

    private void DeclareLocals(FunctionBody body)
    {
        _localRunCount = 0;
        ulong next = (ulong)_function.Parameters.Count;
        foreach (var group in body.Locals)
        {
            if (group.Count == 0)
            {
                continue;
            }

            next += group.Count;
            if (next > uint.MaxValue)
            {
                throw new MalformedModuleException("too many locals", body.CodeOffset);
            }

            if (_localRunCount == _localEnds.Length)
            {
                Array.Resize(ref _localEnds, _localRunCount * 2);
                Array.Resize(ref _localTypes, _localRunCount * 2);
            }

            _localEnds[_localRunCount] = next;
            _localTypes[_localRunCount] = group.Type;
            _localRunCount++;
        }
    }

    private ValType LocalType(uint index, int offset)
    {
        var parameters = _function.Parameters;
        if (index < (uint)parameters.Count)
        {
            return parameters[(int)index];
        }

        // Binary search for the first run that ends past the index: hostile bodies may declare billions of locals.
        int low = 0, high = _localRunCount;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (_localEnds[mid] > index)
            {
                high = mid;
            }
            else
            {
                low = mid + 1;
            }
        }

        return low < _localRunCount ? _localTypes[low] : throw ValidationContext.Unknown("local", index, offset);
    }

    private void Check(in Instruction instruction)
    {
        var offset = instruction.Offset;
        switch (instruction.Opcode)
        {
            case Opcode.Unreachable:
                MarkUnreachable();
                break;
            case Opcode.Block:
            case Opcode.Loop:
            case Opcode.If:
                {
                    var signature = ResolveBlockType(instruction.Block, offset);
                    if (instruction.Opcode == Opcode.If)
                    {
                        Pop(ValType.I32, offset);
                    }

                    for (var i = signature.ParameterCount - 1; i >= 0; i--)
                    {
                        Pop(signature.Parameter(i), offset);
                    }

                    PushFrame(instruction.Opcode, signature);
                    for (var i = 0; i < signature.ParameterCount; i++)
                    {
                        Push(signature.Parameter(i));
                    }

                    break;
                }

            case Opcode.Else:
                {
                    if (_frames[_frameCount - 1].Kind != Opcode.If)
                    {
                        // Only an if may have an else; anywhere else the binary decoder wanted the block's end.
                        throw new MalformedModuleException("END opcode expected", offset);
                    }

                    var frame = PopFrame(offset);
                    PushFrame(Opcode.Else, frame.Signature);
                    for (var i = 0; i < frame.Signature.ParameterCount; i++)
                    {
                        Push(frame.Signature.Parameter(i));
                    }

                    break;
                }

            case Opcode.End:
                {
                    var frame = PopFrame(offset);
                    if (frame.Kind == Opcode.If && !frame.Signature.ParametersEqualResults())
                    {
                        throw new InvalidModuleException("type mismatch", offset);
                    }

                    for (var i = 0; i < frame.Signature.ResultCount; i++)
                    {
                        Push(frame.Signature.Result(i));
                    }

                    break;
                }

            case Opcode.Br:
                {
                    var target = LabelFrame(instruction.Index, offset);
                    PopLabelTypes(target, offset);
                    MarkUnreachable();
                    break;
                }

            case Opcode.BrIf:
                {
                    var target = LabelFrame(instruction.Index, offset);
                    Pop(ValType.I32, offset);
                    PopLabelTypes(target, offset);
                    for (var i = 0; i < target.LabelArity; i++)
                    {
                        Push(target.LabelType(i));
                    }

                    break;
                }

            case Opcode.BrTable:
                CheckBranchTable(instruction, offset);
                break;
            case Opcode.Return:
                PopLabelTypes(_frames[0], offset);
                MarkUnreachable();
                break;
            case Opcode.Call:
                CheckCall(context.FunctionTypeAt(instruction.Index, offset), offset);
                break;
            case Opcode.CallIndirect:
                {
                    var table = context.TableAt(instruction.Index2, offset);
                    if (table.ElementType != ValType.FuncRef)
                    {
                        throw new InvalidModuleException("type mismatch", offset);
                    }

                    var type = context.TypeAt(instruction.Index, offset);
                    Pop(ValType.I32, offset);
                    CheckCall(type, offset);
                    break;
                }

            case Opcode.Drop:
                Pop(offset);
                break;
            case Opcode.Select:
                {
                    Pop(ValType.I32, offset);
                    var first = Pop(offset);
                    var second = Pop(offset);

                    // Untyped select only chooses between numbers (or vectors); references need the typed form.
                    var bothNumeric = IsNumericOrUnknown(first) && IsNumericOrUnknown(second);
                    var bothVector = IsVectorOrUnknown(first) && IsVectorOrUnknown(second);
                    if (!(bothNumeric || bothVector) || (first != second && first != Unknown && second != Unknown))
                    {
                        throw new InvalidModuleException("type mismatch", offset);
                    }

                    Push(first == Unknown ? second : first);
                    break;
                }

            case Opcode.SelectTyped:
                Pop(ValType.I32, offset);
                Pop(instruction.ValType, offset);
                Pop(instruction.ValType, offset);
                Push(instruction.ValType);
                break;
            case Opcode.LocalGet:
                Push(LocalType(instruction.Index, offset));
                break;
            case Opcode.LocalSet:
                Pop(LocalType(instruction.Index, offset), offset);
                break;
            case Opcode.LocalTee:
                {
                    var type = LocalType(instruction.Index, offset);
                    Pop(type, offset);
                    Push(type);
                    break;
                }

            case Opcode.GlobalGet:
                Push(context.GlobalAt(instruction.Index, offset).ValType);
                break;
            case Opcode.GlobalSet:
                {
                    var global = context.GlobalAt(instruction.Index, offset);
                    if (!global.Mutable)
                    {
                        throw new InvalidModuleException("global is immutable", offset);
                    }

                    Pop(global.ValType, offset);
                    break;
                }

            case Opcode.TableGet:
                {
                    var table = context.TableAt(instruction.Index, offset);
                    Pop(ValType.I32, offset);
                    Push(table.ElementType);
                    break;
                }

            case Opcode.TableSet:
                {
                    var table = context.TableAt(instruction.Index, offset);
                    Pop(table.ElementType, offset);
                    Pop(ValType.I32, offset);
                    break;
                }

            case Opcode.TableSize:
                context.TableAt(instruction.Index, offset);
                Push(ValType.I32);
                break;
            case Opcode.TableGrow:
                {
                    var table = context.TableAt(instruction.Index, offset);
                    Pop(ValType.I32, offset);
                    Pop(table.ElementType, offset);
                    Push(ValType.I32);
                    break;
                }

            case Opcode.TableFill:
                {
                    var table = context.TableAt(instruction.Index, offset);
                    Pop(ValType.I32, offset);
                    Pop(table.ElementType, offset);
                    Pop(ValType.I32, offset);
                    break;
                }

            case Opcode.TableCopy:
                {
                    var destination = context.TableAt(instruction.Index, offset);
                    var source = context.TableAt(instruction.Index2, offset);
                    if (destination.ElementType != source.ElementType)
                    {
                        throw new InvalidModuleException("type mismatch", offset);
                    }

                    ApplySignature(instruction.Opcode, offset);
                    break;
                }

            case Opcode.TableInit:
                {
                    var table = context.TableAt(instruction.Index2, offset);
                    if (context.ElementTypeAt(instruction.Index, offset) != table.ElementType)
                    {
                        throw new InvalidModuleException("type mismatch", offset);
                    }

                    ApplySignature(instruction.Opcode, offset);
                    break;
                }

            case Opcode.ElemDrop:
                context.ElementTypeAt(instruction.Index, offset);
                break;
            case Opcode.MemorySize:
            case Opcode.MemoryGrow:
            case Opcode.MemoryFill:
                context.RequireMemory(instruction.Index, offset);
                ApplySignature(instruction.Opcode, offset);
                break;
            case Opcode.MemoryCopy:
                context.RequireMemory(instruction.Index, offset);
                context.RequireMemory(instruction.Index2, offset);
                ApplySignature(instruction.Opcode, offset);
                break;
            case Opcode.MemoryInit:
                context.RequireMemory(instruction.Index2, offset);
                context.RequireDataSegment(instruction.Index, offset);
                ApplySignature(instruction.Opcode, offset);
                break;
            case Opcode.DataDrop:
                context.RequireDataSegment(instruction.Index, offset);
                break;
            case Opcode.RefNull:
                Push(instruction.ValType);
                break;
            case Opcode.RefIsNull:
                {
                    var type = Pop(offset);
                    if (type != Unknown && !type.IsReference())
                    {
                        throw new InvalidModuleException("type mismatch", offset);
                    }

                    Push(ValType.I32);
                    break;
                }

            case Opcode.RefFunc:
                context.FunctionTypeAt(instruction.Index, offset);
                if (!context.DeclaredReferences[instruction.Index])
                {
                    throw new InvalidModuleException("undeclared function reference", offset);
                }

                Push(ValType.FuncRef);
                break;
            default:
                {
                    var info = Info(instruction.Opcode);
                    if (info.AccessWidth != 0)
                    {
                        CheckMemoryAccess(instruction, info.AccessWidth);
                    }

                    CheckLaneIndices(instruction, info);

                    // Every other operator has a fixed signature in the opcode table (v128 operators will too).
                    ApplySignature(info, offset);
                    break;
                }
        }
    }

    private void CheckMemoryAccess(in Instruction instruction, int width)
    {
        var alignment = instruction.Index;
        if (alignment >= 32)
        {
            // The binary format caps the alignment exponent (flags beyond it are reserved for multi-memory).
            throw new MalformedModuleException("malformed memop flags", instruction.Offset);
        }

        context.RequireMemory(instruction.Index2, instruction.Offset);
        if ((1L << (int)alignment) > width)
        {
            throw new InvalidModuleException("alignment must not be larger than natural", instruction.Offset);
        }
    }

    private void CheckBranchTable(in Instruction instruction, int offset)
    {
        Pop(ValType.I32, offset);
        var defaultTarget = LabelFrame(instruction.Index, offset);
        var arity = defaultTarget.LabelArity;
        foreach (var label in instruction.Labels!)
        {
            var target = LabelFrame(label, offset);
            if (target.LabelArity != arity)
            {
                throw new InvalidModuleException("type mismatch", offset);
            }

            // Pop the target's types and push back what was popped: in unreachable code the operands stay
            // Unknown, so later targets are checked against the same (polymorphic) stack.
            if (_scratch.Length < arity)
            {
                Array.Resize(ref _scratch, Math.Max(arity, _scratch.Length * 2));
            }

            for (var i = arity - 1; i >= 0; i--)
            {
                _scratch[i] = Pop(target.LabelType(i), offset);
            }

            for (var i = 0; i < arity; i++)
            {
                Push(_scratch[i]);
            }
        }

        PopLabelTypes(defaultTarget, offset);
        MarkUnreachable();
    }

    private void CheckCall(FunctionType type, int offset)
    {
        var parameters = type.Parameters;
        for (var i = parameters.Count - 1; i >= 0; i--)
        {
            Pop(parameters[i], offset);
        }

        var results = type.Results;
        for (var i = 0; i < results.Count; i++)
        {
            Push(results[i]);
        }
    }

    private BlockSignature ResolveBlockType(BlockType block, int offset) => block.Kind switch
    {
        BlockTypeKind.Empty => BlockSignature.Empty,
        BlockTypeKind.Value => BlockSignature.OfResult(block.ValType),
        _ => BlockSignature.Of(context.TypeAt(block.TypeIndex, offset)),
    };

    private ControlFrame LabelFrame(uint depth, int offset) =>
        depth < (uint)_frameCount ? _frames[_frameCount - 1 - (int)depth] : throw ValidationContext.Unknown("label", depth, offset);

    private static OpcodeInfo Info(Opcode opcode) =>
        (int)opcode <= 0xFF ? OpcodeTable.FromByte((byte)opcode)! : OpcodeTable.Get(opcode);

    private void ApplySignature(Opcode opcode, int offset) => ApplySignature(Info(opcode), offset);

    private void ApplySignature(OpcodeInfo info, int offset)
    {
        // Reached only by an operator added to the opcode table without a signature or a case above.
        var signature = info.Signature
            ?? throw new InvalidModuleException($"{info.Mnemonic} is not supported by the validator", offset);
        var pops = signature.Pops;
        for (var i = pops.Length - 1; i >= 0; i--)
        {
            Pop(pops[i], offset);
        }

        foreach (var type in signature.Pushes)
        {
            Push(type);
        }
    }

    private static bool IsNumericOrUnknown(ValType type) => type == Unknown || type.IsNumeric();

    private static bool IsVectorOrUnknown(ValType type) => type is Unknown or ValType.V128;

    private void Push(ValType type)
    {
        if (_operandCount == _operands.Length)
        {
            Array.Resize(ref _operands, _operands.Length * 2);
        }

        _operands[_operandCount++] = type;
    }

    private ValType Pop(int offset)
    {
        ref var frame = ref _frames[_frameCount - 1];
        if (_operandCount == frame.Height)
        {
            return frame.Unreachable ? Unknown : throw new InvalidModuleException("type mismatch", offset);
        }

        return _operands[--_operandCount];
    }

    private ValType Pop(ValType expected, int offset)
    {
        var actual = Pop(offset);
        if (actual != expected && actual != Unknown && expected != Unknown)
        {
            throw new InvalidModuleException("type mismatch", offset);
        }

        return actual;
    }

    private void PopLabelTypes(in ControlFrame target, int offset)
    {
        for (var i = target.LabelArity - 1; i >= 0; i--)
        {
            Pop(target.LabelType(i), offset);
        }
    }

    private void PushFrame(Opcode kind, BlockSignature signature)
    {
        if (_frameCount == _frames.Length)
        {
            Array.Resize(ref _frames, _frames.Length * 2);
        }

        _frames[_frameCount++] = new ControlFrame { Kind = kind, Signature = signature, Height = _operandCount };
    }

    private ControlFrame PopFrame(int offset)
    {
        var frame = _frames[_frameCount - 1];
        for (var i = frame.Signature.ResultCount - 1; i >= 0; i--)
        {
            Pop(frame.Signature.Result(i), offset);
        }

        if (_operandCount != frame.Height)
        {
            throw new InvalidModuleException("type mismatch", offset);
        }

        _frameCount--;
        return frame;
    }

    private void MarkUnreachable()
    {
        ref var frame = ref _frames[_frameCount - 1];
        _operandCount = frame.Height;
        frame.Unreachable = true;
    }
}
