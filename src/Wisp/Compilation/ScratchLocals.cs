using System.Reflection.Emit;

namespace Wisp.Compilation;

/// <summary>
/// Short-lived IL locals for shuffling operands, reused per CLR type so that a long function does
/// not declare thousands of locals (the JIT tracks only so many).
/// </summary>
internal sealed class ScratchLocals(ILGenerator il)
{
    private readonly Dictionary<Type, Stack<LocalBuilder>> _free = [];

    public LocalBuilder Rent(Type type) =>
        _free.TryGetValue(type, out var stack) && stack.Count > 0 ? stack.Pop() : il.DeclareLocal(type);

    public void Return(LocalBuilder local)
    {
        if (!_free.TryGetValue(local.LocalType, out var stack))
        {
            stack = new Stack<LocalBuilder>();
            _free[local.LocalType] = stack;
        }

        stack.Push(local);
    }
}
