using System.Reflection.Emit;
using Wisp.Instructions;
using Wisp.Model;
using Wisp.Runtime;

namespace Wisp.Compilation;

// Table and element-segment instructions: operands stay on the stack in Wasm order and the
// TableOperations helper takes the tables (and instance) as trailing arguments.
internal sealed partial class FunctionCompiler
{
    private bool TryEmitTableInstruction(in Instruction instruction)
    {
        switch (instruction.Opcode)
        {
            case Opcode.TableGet:
                EmitLoadTable(instruction.Index);
                _il.Emit(OpCodes.Call, Operation(nameof(TableOperations.Get)));
                Pop();
                Push(_module.Spaces.Tables[(int)instruction.Index].ElementType);
                break;
            case Opcode.TableSet:
                EmitLoadTable(instruction.Index);
                _il.Emit(OpCodes.Call, Operation(nameof(TableOperations.Set)));
                PopMany(2);
                break;
            case Opcode.TableSize:
                EmitLoadTable(instruction.Index);
                _il.Emit(OpCodes.Call, Operation(nameof(TableOperations.Size)));
                Push(ValType.I32);
                break;
            case Opcode.TableGrow:
                EmitLoadTable(instruction.Index);
                _il.Emit(OpCodes.Call, Operation(nameof(TableOperations.Grow)));
                PopMany(2);
                Push(ValType.I32);
                break;
            case Opcode.TableFill:
                EmitLoadTable(instruction.Index);
                _il.Emit(OpCodes.Call, Operation(nameof(TableOperations.Fill)));
                PopMany(3);
                break;
            case Opcode.TableCopy:
                EmitLoadTable(instruction.Index);
                EmitLoadTable(instruction.Index2);
                _il.Emit(OpCodes.Call, Operation(nameof(TableOperations.Copy)));
                PopMany(3);
                break;
            case Opcode.TableInit:
                EmitLoadTable(instruction.Index2);
                EmitLoadContext();
                _il.Emit(OpCodes.Ldc_I4, (int)instruction.Index);
                _il.Emit(OpCodes.Call, Operation(nameof(TableOperations.Init)));
                PopMany(3);
                break;
            case Opcode.ElemDrop:
                EmitLoadContext();
                _il.Emit(OpCodes.Ldc_I4, (int)instruction.Index);
                _il.Emit(OpCodes.Call, Operation(nameof(TableOperations.DropElements)));
                break;
            default:
                return false;
        }

        return true;

        static System.Reflection.MethodInfo Operation(string name) => RuntimeMembers.Method(typeof(TableOperations), name);
    }

    private void EmitLoadTable(uint index)
    {
        EmitLoadContext();
        if (index == 0)
        {
            // One load instead of the array's, its null probe and the element's: call_indirect's table.
            _il.Emit(OpCodes.Ldfld, RuntimeMembers.ContextTable0);
            return;
        }

        _il.Emit(OpCodes.Ldfld, RuntimeMembers.ContextTables);
        EmitLoadElementUnchecked<TableInstance>((int)index);
    }
}
