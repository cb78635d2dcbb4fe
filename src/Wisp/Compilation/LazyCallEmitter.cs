using System.Reflection.Emit;

namespace Wisp.Compilation;

/// <summary>
/// The IL that finds a lazily compiled function's body: its entry in <see cref="LazyFunctions.Code"/>,
/// or, while that is still zero, <see cref="LazyFunctions.Resolve"/>, which compiles it. Used by the
/// per-function stubs (what the host, tables and other instances call) and by calls between bodies.
/// </summary>
internal static class LazyCallEmitter
{
    /// <summary>Pushes the code pointer of defined function <paramref name="definedIndex"/>; the stack below is untouched.</summary>
    public static void EmitCodePointer(ILGenerator il, short contextArgument, int definedIndex)
    {
        var ready = il.DefineLabel();
        il.Emit(OpCodes.Ldarg, contextArgument);
        il.Emit(OpCodes.Ldfld, RuntimeMembers.ContextLazy);
        il.Emit(OpCodes.Ldfld, RuntimeMembers.LazyCode);
        il.Emit(OpCodes.Ldc_I4, definedIndex);
        il.Emit(OpCodes.Ldelem_I);
        il.Emit(OpCodes.Dup);
        il.Emit(OpCodes.Brtrue, ready);
        il.Emit(OpCodes.Pop);
        il.Emit(OpCodes.Ldarg, contextArgument);
        il.Emit(OpCodes.Ldfld, RuntimeMembers.ContextLazy);
        il.Emit(OpCodes.Ldc_I4, definedIndex);
        il.Emit(OpCodes.Call, RuntimeMembers.LazyResolve);
        il.MarkLabel(ready);
    }
}
