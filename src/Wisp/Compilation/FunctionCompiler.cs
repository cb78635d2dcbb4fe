using System.Reflection.Emit;
using Wisp.Instructions;
using Wisp.Model;
using Wisp.Runtime;

namespace Wisp.Compilation;

/// <summary>
/// Compiles one validated function body to the IL of its method, walking the instructions once with
/// <see cref="InstructionReader"/>. The Wasm operand stack is the IL evaluation stack; a parallel
/// stack of value types (<see cref="_stack"/>) says what is on it. Code after an unconditional
/// transfer is skipped until the enclosing <c>else</c>/<c>end</c>, so IL is only emitted for
/// reachable code and every label sees one stack shape.
/// </summary>
internal sealed partial class FunctionCompiler
{
    private readonly ModuleEmission _emission;
    private readonly ModuleDefinition _module;
    private readonly FunctionBody _body;
    private readonly FunctionType _type;
    private readonly ILGenerator _il;
    private readonly ScratchLocals _scratch;
    private readonly List<ValType> _stack = [];
    private readonly List<ControlFrame> _frames = [];
    private readonly ValType[] _localTypes;
    private readonly LocalBuilder[] _locals;
    private readonly int _parameterCount;
    private readonly short _contextArgument;
    private readonly int _definedIndex;
    private LocalBuilder? _memoryBase;
    private HashSet<int> _loadsReachingStores = [];
    private BoundsCheckPlan? _probes;
    private LocalBuilder? _memoryLength;
    private LocalBuilder? _effectiveAddress;
    private BoundsCheckPlan? _boundsChecks;
    private UnreachableCode _unreachable;
    private Opcode _previous = Opcode.Nop;

    private FunctionCompiler(ModuleEmission emission, int definedIndex)
    {
        _emission = emission;
        _definedIndex = definedIndex;
        _module = emission.Module;
        _body = _module.Bodies[definedIndex];
        _type = _module.Types[(int)_module.FunctionTypeIndices[definedIndex]];
        _il = emission.Function(definedIndex).GetILGenerator();
        _scratch = new ScratchLocals(_il);
        _parameterCount = _type.Parameters.Count;
        _contextArgument = (short)(_parameterCount + Math.Max(0, _type.Results.Count - 1));

        var localTypes = new List<ValType>(_type.Parameters);
        foreach (var group in _body.Locals)
        {
            for (var i = 0u; i < group.Count; i++) localTypes.Add(group.Type);
        }

        _localTypes = [.. localTypes];
        _locals = new LocalBuilder[_localTypes.Length - _parameterCount];
        for (var i = 0; i < _locals.Length; i++)
        {
            _locals[i] = _il.DeclareLocal(ClrTypes.Of(_localTypes[_parameterCount + i]));
        }
    }

    public static void Compile(ModuleEmission emission, int definedIndex) => new FunctionCompiler(emission, definedIndex).Compile();

    private ControlFrame Current => _frames[^1];

    private void Compile()
    {
        var facts = ScanBody();
        EmitStackGuard(facts.IsLeaf);
        ZeroLocals();
        HoistWideConstants(facts.WideConstantsInLoops);
        EmitEntryInterruptionCheck();
        if (facts.UsesMemory)
        {
            _memoryBase = _il.DeclareLocal(typeof(byte*));
            EmitLoadMemory();
            _il.Emit(OpCodes.Ldfld, _emission.GuardPages ? RuntimeMembers.MemoryBiasedBase : RuntimeMembers.MemoryBase);
            _il.Emit(OpCodes.Stloc, _memoryBase);
        }

        // Only loads wider than 4 bytes left to guard pages may need probes: most bodies have none,
        // and skip both passes.
        if (facts.HasUncheckedWideLoads)
        {
            _loadsReachingStores = LoadsReachingStores.Find(_body.Code.Span, _body.CodeOffset);
            _probes = BoundsCheckPlan.Create(
                _body.Code.Span, _body.CodeOffset, MinimumMemoryLength(), access => NeedsFullWidthRead(access), versionLoops: false,
                touchesEveryByte: access => access.Info.Signature is { Pushes.Length: 0 } || _loadsReachingStores.Contains(access.Offset));
        }

        if (facts.ChecksBounds)
        {
            _memoryLength = _il.DeclareLocal(typeof(ulong));
            _effectiveAddress = _il.DeclareLocal(typeof(ulong));
            _boundsChecks = BoundsCheckPlan.Create(
                _body.Code.Span, _body.CodeOffset, MinimumMemoryLength(), access => NeedsBoundsCheck(access));
            ReloadMemoryLength();
        }

        _frames.Add(new ControlFrame(FrameKind.Function, [], [.. _type.Results], 0, _il.DefineLabel()));
        _blockLocalCompareResults = BlockLocalCompareResults.Find(_body.Code.Span, _body.CodeOffset);
        var reader = new InstructionReader(_body.Code.Span, _body.CodeOffset);
        while (!reader.AtEnd)
        {
            var instruction = reader.Read();
            _localOnTop = _loadedLocal;
            _loadedLocal = -1;
            if (BlockLocalCompareResults.StartsBasicBlock(instruction.Opcode))
            {
                ForgetDeferredCompares();
            }

            if (Current.Unreachable)
            {
                SkipUnreachable(instruction.Opcode);
            }
            else
            {
                if (_previous is Opcode.I32Rotl or Opcode.I32Rotr or Opcode.I64Rotl or Opcode.I64Rotr &&
                    MayTestRotateResult(instruction, reader))
                {
                    EmitRotateFlagsBarrier();
                }

                if (instruction.Opcode == Opcode.Loop)
                {
                    BeginLoopVersions(instruction);
                }

                if (!BlockLocalCompareResults.IsCompare(instruction.Opcode) || !TryDeferCompare(instruction, reader))
                {
                    Emit(instruction);
                }
            }

            _previous = instruction.Opcode;
            reader = EndLoopVersion(reader);
            if (_frames.Count == 0)
            {
                break;
            }
        }
    }

    /// <summary>
    /// What the prologue needs to know about the body, from one pass over it.
    /// <list type="bullet">
    /// <item><see cref="UsesMemory"/>: loads or stores need the memory's base in a local.</item>
    /// <item><see cref="ChecksBounds"/>: some access checks bounds explicitly (then the memory's length
    /// is cached in a local too): all do without guard pages, and with them only those whose static
    /// offset could reach past the guard.</item>
    /// <item><see cref="IsLeaf"/>: no call or call_indirect (host functions are imports, so also calls).</item>
    /// <item><see cref="WideConstantsInLoops"/>: the distinct 64-bit constants that need all 64 bits and
    /// appear inside a loop, in order of first appearance (<see cref="HoistWideConstants"/>).</item>
    /// </list>
    /// </summary>
    private readonly record struct BodyFacts(bool UsesMemory, bool ChecksBounds, bool HasUncheckedWideLoads, bool IsLeaf, List<long>? WideConstantsInLoops);

    private BodyFacts ScanBody()
    {
        var usesMemory = false;
        var checksBounds = false;
        var hasUncheckedWideLoads = false;
        var isLeaf = true;
        List<long>? wideConstants = null;
        var openIsLoop = new List<bool>();
        var openLoops = 0;
        var reader = new InstructionReader(_body.Code.Span, _body.CodeOffset);
        while (!reader.AtEnd)
        {
            var instruction = reader.Read();
            switch (instruction.Opcode)
            {
                case Opcode.Call or Opcode.CallIndirect:
                    isLeaf = false;
                    break;
                case Opcode.Block or Opcode.If:
                    openIsLoop.Add(false);
                    break;
                case Opcode.Loop:
                    openIsLoop.Add(true);
                    openLoops++;
                    break;
                case Opcode.End when openIsLoop.Count > 0:
                    if (openIsLoop[^1]) openLoops--;
                    openIsLoop.RemoveAt(openIsLoop.Count - 1);
                    break;
                case Opcode.I64Const when openLoops > 0 && IsWide(instruction.I64):
                    wideConstants ??= [];
                    if (!wideConstants.Contains(instruction.I64)) wideConstants.Add(instruction.I64);
                    break;
            }

            if (instruction.Info.Immediate is ImmediateKind.MemArg or ImmediateKind.MemArgLane)
            {
                usesMemory = true;
                checksBounds |= NeedsBoundsCheck(instruction);
                hasUncheckedWideLoads |= IsUncheckedWideLoad(instruction);
            }
        }

        return new BodyFacts(usesMemory, checksBounds, hasUncheckedWideLoads, isLeaf, wideConstants);
    }

    /// <summary>Memory 0's minimum size in bytes: an imported memory is at least as large as its import demands.</summary>
    private ulong MinimumMemoryLength() => _module.Spaces.Memories[0].Limits.Minimum * (ulong)MemoryType.PageSize;

    private bool NeedsBoundsCheck(in Instruction access) => !_emission.GuardPages || access.Value > GuardedAddressSpace.MaxUncheckedOffset;

    /// <summary>
    /// Every function checks for stack headroom on entry (<see cref="StackGuard"/>): .NET cannot survive
    /// a stack overflow, so deep guest recursion must become a trap while enough stack remains to
    /// throw and unwind. The address of a local stands for the stack pointer.
    /// </summary>
    private void EmitStackGuard(bool isLeaf)
    {
        // A function that calls nothing cannot deepen the stack beyond its own frame, and its caller
        // checked with ample headroom left (see StackGuard), so leaves skip the per-call cost.
        if (isLeaf)
        {
            return;
        }

        var marker = _il.DeclareLocal(typeof(byte));
        _il.Emit(OpCodes.Ldloca, marker);
        _il.Emit(OpCodes.Conv_U);
        EmitLoadContext();
        _il.Emit(OpCodes.Call, RuntimeMembers.EnterStackGuard);
    }

    /// <summary>Up to this many Wasm locals are zeroed by a store each; beyond, by the JIT's block zeroing of the frame.</summary>
    private const int MaxLocalsZeroedByStores = 64;

    /// <summary>
    /// Wasm locals start at zero. With <c>InitLocals</c> the JIT zeroes every IL local in the prologue,
    /// including the stack guard's marker, whose address alone is used: a store on every call. So a
    /// function with few locals zeroes them with stores (the JIT drops those a later store makes dead)
    /// and skips <c>InitLocals</c>; every other IL local is written before it is read.
    /// </summary>
    private void ZeroLocals()
    {
        var byStores = _locals.Length <= MaxLocalsZeroedByStores;
        _emission.Function(_definedIndex).InitLocals = !byStores;
        if (byStores)
        {
            EmitZeroLocals();
        }
    }

    private void EmitZeroLocals()
    {
        for (var i = 0; i < _locals.Length; i++)
        {
            switch (_localTypes[_parameterCount + i])
            {
                case ValType.I32:
                    _il.Emit(OpCodes.Ldc_I4_0);
                    break;
                case ValType.I64:
                    _il.Emit(OpCodes.Ldc_I4_0);
                    _il.Emit(OpCodes.Conv_I8);
                    break;
                case ValType.F32:
                    _il.Emit(OpCodes.Ldc_R4, 0f);
                    break;
                case ValType.F64:
                    _il.Emit(OpCodes.Ldc_R8, 0d);
                    break;
                case ValType.V128:
                    _il.Emit(OpCodes.Ldloca, _locals[i]);
                    _il.Emit(OpCodes.Initobj, ClrTypes.Of(ValType.V128));
                    continue;
                default:
                    _il.Emit(OpCodes.Ldnull);
                    break;
            }

            _il.Emit(OpCodes.Stloc, _locals[i]);
        }
    }

    private void SkipUnreachable(Opcode opcode)
    {
        if (!_unreachable.Ends(opcode))
        {
            return;
        }

        if (opcode == Opcode.Else)
        {
            EmitElse();
        }
        else
        {
            EmitEnd();
        }
    }

    private (ValType[] Parameters, ValType[] Results) BlockSignature(BlockType block) => block.Kind switch
    {
        BlockTypeKind.Empty => ([], []),
        BlockTypeKind.Value => ([], [block.ValType]),
        _ => ([.. _module.Types[(int)block.TypeIndex].Parameters], [.. _module.Types[(int)block.TypeIndex].Results]),
    };

    private void EmitBlock(BlockType block)
    {
        var (parameters, results) = BlockSignature(block);
        _frames.Add(new ControlFrame(FrameKind.Block, parameters, results, _stack.Count - parameters.Length, _il.DefineLabel()));
    }

    private void EmitLoop(BlockType block, int offset)
    {
        var (parameters, results) = BlockSignature(block);
        var frame = new ControlFrame(FrameKind.Loop, parameters, results, _stack.Count - parameters.Length, _il.DefineLabel());
        if (parameters.Length > 0)
        {
            // A branch to the loop head carries the parameters in locals; entering does the same.
            frame.BranchValues = DeclareLocals(parameters);
            StoreTop(frame.BranchValues);
            _il.MarkLabel(frame.Label);
            EmitLoopInterruptionCheck(offset);
            LoadAll(frame.BranchValues);
        }
        else
        {
            _il.MarkLabel(frame.Label);
            EmitLoopInterruptionCheck(offset);
        }

        _frames.Add(frame);
    }

    private void EmitIf(BlockType block)
    {
        var (parameters, results) = BlockSignature(block);
        Pop();
        var elseLabel = _il.DefineLabel();
        LocalBuilder[]? parameterLocals = null;
        if (parameters.Length > 0)
        {
            var condition = _scratch.Rent(typeof(int));
            _il.Emit(OpCodes.Stloc, condition);
            parameterLocals = DeclareLocals(parameters);
            StoreTop(parameterLocals);
            _il.Emit(OpCodes.Ldloc, condition);
            _il.Emit(OpCodes.Brfalse, elseLabel);
            LoadAll(parameterLocals);
            _scratch.Return(condition);
        }
        else
        {
            _il.Emit(OpCodes.Brfalse, elseLabel);
        }

        _frames.Add(new ControlFrame(FrameKind.If, parameters, results, _stack.Count - parameters.Length, _il.DefineLabel())
        {
            ElseLabel = elseLabel,
            IfParameters = parameterLocals,
        });
    }

    private void EmitElse()
    {
        var frame = Current;
        if (!frame.Unreachable)
        {
            EmitBranchSequence(frame);
        }

        _il.MarkLabel(frame.ElseLabel);
        frame.HasElse = true;
        frame.Unreachable = false;
        _unreachable.Enter();
        Truncate(frame.Height);
        if (frame.IfParameters is { } parameters)
        {
            LoadAll(parameters);
        }

        PushAll(frame.Parameters);
    }

    private void EmitEnd()
    {
        var frame = Current;
        if (frame.Kind == FrameKind.If && !frame.HasElse)
        {
            // The missing else arm passes the parameters through (validation made them the results).
            EmitElse();
        }

        if (frame.Kind == FrameKind.Function)
        {
            if (!frame.Unreachable)
            {
                EmitReturnSequence();
            }

            _frames.RemoveAt(_frames.Count - 1);
            return;
        }

        bool reachable;
        if (frame.Kind != FrameKind.Loop && frame.IsBranchTarget)
        {
            var values = BranchValuesOf(frame);
            if (!frame.Unreachable)
            {
                StoreTop(values);
            }

            _il.MarkLabel(frame.Label);
            Truncate(frame.Height);
            LoadAll(values);
            PushAll(frame.Results);
            reachable = true;
        }
        else
        {
            reachable = !frame.Unreachable;
        }

        _frames.RemoveAt(_frames.Count - 1);
        if (!reachable)
        {
            MarkUnreachable();
        }
    }

    /// <summary>The rest of the current frame cannot run: skip it.</summary>
    private void MarkUnreachable()
    {
        Current.Unreachable = true;
        _unreachable.Enter();
        Truncate(Current.Height);
    }

    private ControlFrame Target(uint depth) => _frames[_frames.Count - 1 - (int)depth];

    /// <summary>Whether a branch to <paramref name="target"/> can be a bare IL branch (nothing to carry or discard).</summary>
    private bool IsPlainBranch(ControlFrame target) =>
        target.Kind != FrameKind.Function && target.LabelTypes.Length == 0 && _stack.Count == target.Height;

    private void EmitBr(uint depth)
    {
        EmitBranchSequence(Target(depth));
        MarkUnreachable();
    }

    private void EmitBrIf(uint depth)
    {
        Pop();
        var target = Target(depth);
        if (IsPlainBranch(target))
        {
            target.IsBranchTarget = true;
            _il.Emit(OpCodes.Brtrue, target.Label);
            return;
        }

        var notTaken = _il.DefineLabel();
        _il.Emit(OpCodes.Brfalse, notTaken);
        EmitBranchSequence(target);
        _il.MarkLabel(notTaken);
    }

    private void EmitBrTable(uint[] labels, uint defaultLabel)
    {
        Pop();
        var targets = labels.Select(Target).ToArray();
        var defaultTarget = Target(defaultLabel);
        if (targets.All(IsPlainBranch) && IsPlainBranch(defaultTarget))
        {
            foreach (var t in targets) t.IsBranchTarget = true;
            defaultTarget.IsBranchTarget = true;
            _il.Emit(OpCodes.Switch, targets.Select(t => t.Label).ToArray());
            _il.Emit(OpCodes.Br, defaultTarget.Label);
            MarkUnreachable();
            return;
        }

        // Each distinct target gets a trampoline that moves the carried values and branches.
        var trampolines = new Dictionary<ControlFrame, Label>();
        foreach (var t in targets)
        {
            if (!trampolines.ContainsKey(t)) trampolines[t] = _il.DefineLabel();
        }

        _il.Emit(OpCodes.Switch, targets.Select(t => trampolines[t]).ToArray());
        EmitBranchSequence(defaultTarget);
        foreach (var (t, label) in trampolines)
        {
            _il.MarkLabel(label);
            EmitBranchSequence(t);
        }

        MarkUnreachable();
    }

    /// <summary>
    /// Emits a branch to <paramref name="target"/> from the current stack: the carried values go to
    /// the target's locals, anything between is popped, then an IL branch. Leaves <see cref="_stack"/> as is.
    /// </summary>
    private void EmitBranchSequence(ControlFrame target)
    {
        if (target.Kind == FrameKind.Function)
        {
            EmitReturnSequence();
            return;
        }

        target.IsBranchTarget = true;
        var carried = target.LabelTypes.Length;
        var discarded = _stack.Count - target.Height - carried;
        if (carried > 0)
        {
            StoreTop(BranchValuesOf(target));
        }

        for (var i = 0; i < discarded; i++) _il.Emit(OpCodes.Pop);
        _il.Emit(OpCodes.Br, target.Label);
    }

    /// <summary>Returns the function's results from the top of the stack, discarding what is below. Leaves <see cref="_stack"/> as is.</summary>
    private void EmitReturnSequence()
    {
        var results = _type.Results;
        var discarded = _stack.Count - results.Count;
        if (discarded == 0 && results.Count <= 1)
        {
            _il.Emit(OpCodes.Ret);
            return;
        }

        var temporaries = new LocalBuilder[results.Count];
        for (var i = 0; i < temporaries.Length; i++) temporaries[i] = _scratch.Rent(ClrTypes.Of(results[i]));
        StoreTop(temporaries);
        for (var i = 0; i < discarded; i++) _il.Emit(OpCodes.Pop);
        for (var r = 1; r < results.Count; r++)
        {
            _il.Emit(OpCodes.Ldarg, (short)(_parameterCount + r - 1));
            _il.Emit(OpCodes.Ldloc, temporaries[r]);
            ValueMarshalling.EmitStoreIndirect(_il, results[r]);
        }

        if (results.Count > 0) _il.Emit(OpCodes.Ldloc, temporaries[0]);
        _il.Emit(OpCodes.Ret);
        foreach (var t in temporaries) _scratch.Return(t);
    }

    private LocalBuilder[] BranchValuesOf(ControlFrame frame) => frame.BranchValues ??= DeclareLocals(frame.LabelTypes);

    private LocalBuilder[] DeclareLocals(ValType[] types) => [.. types.Select(t => _il.DeclareLocal(ClrTypes.Of(t)))];

    /// <summary>Pops the top <c>locals.Length</c> IL values into <paramref name="locals"/> (the last local takes the top).</summary>
    private void StoreTop(LocalBuilder[] locals)
    {
        for (var i = locals.Length - 1; i >= 0; i--) _il.Emit(OpCodes.Stloc, locals[i]);
    }

    private void LoadAll(LocalBuilder[] locals)
    {
        foreach (var local in locals) _il.Emit(OpCodes.Ldloc, local);
    }

    private void Push(ValType type) => _stack.Add(type);

    private void PushAll(IEnumerable<ValType> types) => _stack.AddRange(types);

    private ValType Pop()
    {
        var type = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        return type;
    }

    private void PopMany(int count) => _stack.RemoveRange(_stack.Count - count, count);

    private void Truncate(int height)
    {
        if (_stack.Count > height) _stack.RemoveRange(height, _stack.Count - height);
    }

    private void EmitLoadContext() => _il.Emit(OpCodes.Ldarg, _contextArgument);

    /// <summary>
    /// Replaces the array on the stack (one of the context's index spaces) by its element
    /// <paramref name="index"/>, which validation bounds by the array's length: no length load and
    /// compare, so reaching a table, global or type id costs what a field would.
    /// </summary>
    private void EmitLoadElementUnchecked<T>(int index)
    {
        // The context's arrays hold references, except the type ids and the code pointers.
        var isInt = typeof(T) == typeof(int);
        _il.Emit(OpCodes.Call, RuntimeMembers.ArrayData<T>());
        if (index != 0)
        {
            _il.Emit(OpCodes.Ldc_I4, index * (isInt ? sizeof(int) : IntPtr.Size));
            _il.Emit(OpCodes.Add);
        }

        _il.Emit(isInt ? OpCodes.Ldind_I4 : typeof(T) == typeof(nint) ? OpCodes.Ldind_I : OpCodes.Ldind_Ref);
    }

    private void EmitLoadMemory()
    {
        EmitLoadContext();
        _il.Emit(OpCodes.Ldfld, RuntimeMembers.ContextMemory);
    }

    /// <summary>The memory's length is cached in a local; anything that can grow memory (calls, memory.grow) reloads it.</summary>
    private void ReloadMemoryLength()
    {
        if (_memoryLength is null) return;
        EmitLoadMemory();
        _il.Emit(OpCodes.Ldfld, RuntimeMembers.MemoryLength);
        _il.Emit(OpCodes.Stloc, _memoryLength);
    }

    private void EmitThrow(TrapCode code)
    {
        _il.Emit(OpCodes.Ldc_I4, (int)code);
        _il.Emit(OpCodes.Call, RuntimeMembers.CreateTrap);
        _il.Emit(OpCodes.Throw);
    }
}
