using System.Numerics;
using System.Reflection;
using System.Runtime.InteropServices;
using Wisp.Runtime;

namespace Wisp.Compilation;

/// <summary>The runtime fields and methods that generated IL references, looked up once.</summary>
internal static class RuntimeMembers
{
    private const BindingFlags AnyStatic = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static;
    private const BindingFlags AnyInstance = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance;

    public static readonly FieldInfo ContextMemory = Field<InstanceContext>(nameof(InstanceContext.Memory));
    public static readonly FieldInfo ContextTables = Field<InstanceContext>(nameof(InstanceContext.Tables));
    public static readonly FieldInfo ContextTable0 = Field<InstanceContext>(nameof(InstanceContext.Table0));
    public static readonly FieldInfo ContextGlobals = Field<InstanceContext>(nameof(InstanceContext.Globals));
    public static readonly FieldInfo ContextFunctions = Field<InstanceContext>(nameof(InstanceContext.Functions));
    public static readonly MethodInfo ContextFunction = Method<InstanceContext>(nameof(InstanceContext.Function), AnyInstance);
    public static readonly FieldInfo ContextTypeIds = Field<InstanceContext>(nameof(InstanceContext.TypeIds));
    public static readonly FieldInfo MemoryBase = Field<LinearMemory>(nameof(LinearMemory.Base));
    public static readonly FieldInfo MemoryBiasedBase = Field<LinearMemory>(nameof(LinearMemory.BiasedBase));
    public static readonly FieldInfo MemoryLength = Field<LinearMemory>(nameof(LinearMemory.Length));
    public static readonly MethodInfo MemoryGrow = Method<LinearMemory>(nameof(LinearMemory.Grow), AnyInstance);
    public static readonly FieldInfo GlobalBits = Field<GlobalInstance>(nameof(GlobalInstance.Bits));
    public static readonly FieldInfo GlobalReference = Field<GlobalInstance>(nameof(GlobalInstance.Reference));
    public static readonly FieldInfo CompiledCode = Field<CompiledFunction>(nameof(CompiledFunction.Code));
    public static readonly FieldInfo CompiledContext = Field<CompiledFunction>(nameof(CompiledFunction.Context));
    public static readonly FieldInfo FunctionDirectCallStore = Field<FunctionInstance>(nameof(FunctionInstance.DirectCallStore));

    public static readonly FieldInfo ContextLazy = Field<InstanceContext>(nameof(InstanceContext.Lazy));
    public static readonly FieldInfo ContextFunctionCode = Field<InstanceContext>(nameof(InstanceContext.FunctionCode));
    public static readonly FieldInfo LazyCode = Field<LazyFunctions>(nameof(LazyFunctions.Code));
    public static readonly MethodInfo LazyResolve = Method<LazyFunctions>(nameof(LazyFunctions.Resolve), AnyInstance);

    public static readonly FieldInfo ContextControl = Field<InstanceContext>(nameof(InstanceContext.Control));
    public static readonly MethodInfo ConsumeFuel = Method(typeof(Interruption), nameof(Interruption.ConsumeFuel));
    public static readonly MethodInfo CheckInterrupt = Method(typeof(Interruption), nameof(Interruption.CheckInterrupt));

    public static readonly FieldInfo RotateBarrier32 = typeof(RotateFlagsBarrier).GetField(nameof(RotateFlagsBarrier.Zero32), AnyStatic)!;
    public static readonly FieldInfo RotateBarrier64 = typeof(RotateFlagsBarrier).GetField(nameof(RotateFlagsBarrier.Zero64), AnyStatic)!;
    public static readonly FieldInfo UnfoldableZero = typeof(UnfoldableZero).GetField(nameof(Runtime.UnfoldableZero.Value), AnyStatic)!;

    public static readonly MethodInfo EnterStackGuard = Method(typeof(StackGuard), nameof(StackGuard.Enter));

    public static readonly MethodInfo Throw = Method(typeof(Trap), nameof(Trap.Throw));
    public static readonly MethodInfo CreateTrap = Method(typeof(Trap), nameof(Trap.Create));

    public static readonly MethodInfo HostInvoke = Method(typeof(HostCalls), nameof(HostCalls.Invoke));
    public static readonly MethodInfo ResolveIndirect = Method(typeof(TableOperations), nameof(TableOperations.ResolveIndirect));

    /// <summary><c>MemoryMarshal.GetArrayDataReference&lt;T&gt;(T[])</c>: a reference to an array's first element, no checks.</summary>
    public static MethodInfo ArrayData<T>() => s_arrayData.MakeGenericMethod(typeof(T));

    private static readonly MethodInfo s_arrayData = typeof(MemoryMarshal).GetMethods(AnyStatic)
        .Single(m => m.Name == nameof(MemoryMarshal.GetArrayDataReference) && m.IsGenericMethodDefinition);

    public static MethodInfo Method(Type type, string name, params Type[] parameters) =>
        (parameters.Length == 0 ? type.GetMethod(name, AnyStatic) : type.GetMethod(name, AnyStatic, parameters))
        ?? throw new MissingMethodException(type.Name, name);

    public static MethodInfo BitOps(string name, Type operand) => Method(typeof(BitOperations), name, operand);

    private static FieldInfo Field<T>(string name) => typeof(T).GetField(name, AnyInstance) ?? throw new MissingFieldException(typeof(T).Name, name);

    private static MethodInfo Method<T>(string name, BindingFlags flags) =>
        typeof(T).GetMethod(name, flags) ?? throw new MissingMethodException(typeof(T).Name, name);
}
