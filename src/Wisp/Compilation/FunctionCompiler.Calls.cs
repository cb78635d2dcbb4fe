using System.Reflection;
using System.Reflection.Emit;
using Wisp.Model;
using Wisp.Runtime;

namespace Wisp.Compilation;

// Calls. Arguments are already on the IL stack in Wasm order. Results after the first come back
// through byref arguments into locals, which are pushed after the call returns.
internal sealed partial class FunctionCompiler
{
    private void EmitCall(uint functionIndex)
    {
        var type = _module.Types[(int)_module.Spaces.FunctionTypeIndices[(int)functionIndex]];
        var imported = _module.ImportedFunctionCount;
        if (functionIndex >= imported)
        {
            var extra = PrepareExtraResults(type);
            EmitLoadContext();
            if (_emission.IsLazy)
            {
                LazyCallEmitter.EmitCodePointer(_il, _contextArgument, (int)functionIndex - imported);
                EmitCompiledCalli(type);
            }
            else if (functionIndex - imported == _definedIndex)
            {
                // A recursive call. RyuJIT compiles it before the method has code, so a direct call
                // would go through the method's precode (a jump) forever; the entry point read from
                // the context is the code itself once the background JIT has refreshed it.
                EmitLoadContext();
                _il.Emit(OpCodes.Ldfld, RuntimeMembers.ContextFunctionCode);
                EmitLoadElementUnchecked<nint>(_definedIndex);
                EmitCompiledCalli(type);
            }
            else
            {
                _il.Emit(OpCodes.Call, _emission.Functions[functionIndex - imported]);
            }

            PreventTailCall();
            FinishCall(type, extra, _emission.Growth?.CallMayGrow(functionIndex) ?? true);
            return;
        }

        // An import: compiled code of another instance (direct calli with its own context) or a host function.
        var callee = _scratch.Rent(typeof(FunctionInstance));
        EmitLoadFunctionInstance(functionIndex);
        _il.Emit(OpCodes.Stloc, callee);
        var extraResults = PrepareExtraResults(type);
        EmitCallThroughInstance(type, callee);
        _scratch.Return(callee);
        FinishCall(type, extraResults, mayGrowMemory: true);
    }

    /// <summary>Calls the code pointer on the stack as a compiled function of <paramref name="type"/> (arguments and context below it).</summary>
    private void EmitCompiledCalli(FunctionType type)
    {
        var (returnType, parameterTypes) = ClrTypes.Signature(type, typeof(InstanceContext));
        _il.EmitCalli(OpCodes.Calli, CallingConventions.Standard, returnType, parameterTypes, null);
    }

    private void EmitCallIndirect(uint typeIndex, uint tableIndex)
    {
        var type = _module.Types[(int)typeIndex];
        Pop(); // the element index, consumed by ResolveIndirect
        EmitLoadTable(tableIndex);
        if (FunctionTypeIds.Structural(type) is { } typeId)
        {
            // The same in every process, so a persisted image may embed it.
            _il.Emit(OpCodes.Ldc_I4, typeId);
        }
        else
        {
            EmitLoadContext();
            _il.Emit(OpCodes.Ldfld, RuntimeMembers.ContextTypeIds);
            EmitLoadElementUnchecked<int>((int)typeIndex);
        }

        _il.Emit(OpCodes.Call, RuntimeMembers.ResolveIndirect);
        var callee = _scratch.Rent(typeof(FunctionInstance));
        _il.Emit(OpCodes.Stloc, callee);
        var extraResults = PrepareExtraResults(type);
        EmitCallThroughInstance(type, callee);
        _scratch.Return(callee);
        FinishCall(type, extraResults, _emission.Growth?.IndirectCallsMayGrow ?? true);
    }

    /// <summary>
    /// Calls the <see cref="FunctionInstance"/> in <paramref name="callee"/> (its type already checked):
    /// compiled code of the same store by function pointer with the callee's own instance context,
    /// anything else through the module's host thunk for the type. Another store's function goes the
    /// host way: its store's stack checkpoint may describe another thread's stack until an entry from
    /// the host seeds it (<see cref="StackGuard"/>). <see cref="FunctionInstance.DirectCallStore"/>
    /// answers both questions with one compare against the caller's store.
    /// </summary>
    private void EmitCallThroughInstance(FunctionType type, LocalBuilder callee)
    {
        var viaHost = _il.DefineLabel();
        var done = _il.DefineLabel();
        _il.Emit(OpCodes.Ldloc, callee);
        _il.Emit(OpCodes.Ldfld, RuntimeMembers.FunctionDirectCallStore);
        EmitLoadControl();
        _il.Emit(OpCodes.Bne_Un, viaHost);

        // Only a CompiledFunction has a DirectCallStore, so its fields are read without a cast.
        _il.Emit(OpCodes.Ldloc, callee);
        _il.Emit(OpCodes.Ldfld, RuntimeMembers.CompiledContext);
        _il.Emit(OpCodes.Ldloc, callee);
        _il.Emit(OpCodes.Ldfld, RuntimeMembers.CompiledCode);
        EmitCompiledCalli(type);
        _il.Emit(OpCodes.Br, done);
        _il.MarkLabel(viaHost);
        _il.Emit(OpCodes.Ldloc, callee);
        EmitLoadContext();
        _il.Emit(OpCodes.Call, _emission.HostThunk(type));
        _il.MarkLabel(done);
        PreventTailCall();
    }

    /// <summary>
    /// RyuJIT turns a call directly followed by <c>ret</c> into an implicit tail call, and a recursive
    /// one into a loop: <c>(func $f (call $f))</c> would spin forever instead of exhausting the stack,
    /// and frames would vanish from the stack guard's view. Any instruction between the call and the
    /// <c>ret</c> stops the JIT from recognising the pattern; Wasm 2.0 has no tail calls to honour.
    /// </summary>
    private void PreventTailCall() => _il.Emit(OpCodes.Nop);

    /// <summary>Pops the arguments' types and pushes addresses of locals receiving results 1..n-1.</summary>
    private LocalBuilder[] PrepareExtraResults(FunctionType type)
    {
        PopMany(type.Parameters.Count);
        var results = type.Results;
        var extra = new LocalBuilder[Math.Max(0, results.Count - 1)];
        for (var r = 1; r < results.Count; r++)
        {
            extra[r - 1] = _scratch.Rent(ClrTypes.Of(results[r]));
            _il.Emit(OpCodes.Ldloca, extra[r - 1]);
        }

        return extra;
    }

    /// <param name="mayGrowMemory">Whether the callee may grow memory (<see cref="MemoryGrowth"/>): then the cached length is read again.</param>
    private void FinishCall(FunctionType type, LocalBuilder[] extraResults, bool mayGrowMemory)
    {
        foreach (var local in extraResults)
        {
            _il.Emit(OpCodes.Ldloc, local);
            _scratch.Return(local);
        }

        PushAll(type.Results);
        if (mayGrowMemory)
        {
            ReloadMemoryLength();
        }
    }
}
