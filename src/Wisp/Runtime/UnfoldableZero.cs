namespace Wisp.Runtime;

/// <summary>
/// A zero the JIT cannot see. RyuJIT rematerialises a 64-bit constant that does not fit in 32 bits
/// with a 10-byte <c>mov r, imm64</c> at every use, inside loops too (hash64's loop: eight per
/// iteration), where Cranelift reads it from a constant pool. Compiled code computes such constants
/// once at function entry as <c>Value ^ constant</c>, which the JIT must keep in a register (or a
/// stack slot it reads as a memory operand) like any other value. The field is mutable on purpose;
/// nothing writes it.
/// </summary>
internal static class UnfoldableZero
{
#pragma warning disable CA2211 // Mutable on purpose, see above.
    public static long Value;
#pragma warning restore CA2211
}
