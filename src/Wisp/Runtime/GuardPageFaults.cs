using System.Runtime.InteropServices;
using static Wisp.Runtime.PosixMemory;

namespace Wisp.Runtime;

/// <summary>
/// Makes an access to a linear memory's guard pages a catchable exception, so compiled code can
/// leave out explicit bounds checks (Wasmtime's guard-page design; docs/RATIONALE.md).
/// </summary>
/// <remarks>
/// .NET turns a SIGSEGV in managed code into a <see cref="NullReferenceException"/> only when the
/// faulting address lies in the first 64 KiB; any other address is a fatal access violation. So
/// this installs a SIGSEGV handler in front of the runtime's: when the faulting address lies in a
/// registered guard range it rewrites the reported address to 0, then jumps on to the runtime's
/// handler, which raises a <see cref="NullReferenceException"/> in the faulting guest frame.
/// <see cref="CompiledFunction"/> maps that exception, thrown by compiled guest code, to a
/// <see cref="TrapCode.MemoryOutOfBounds"/> trap. Faults anywhere else reach the runtime untouched.
///
/// The handler is a few dozen bytes of x86-64 machine code written into an executable page: a
/// signal handler must not run managed code. It only reads the range table, so ranges are appended
/// (never removed) under a lock, entry before count. Linux on x86-64 only; elsewhere
/// <see cref="IsSupported"/> is false and compiled code keeps explicit bounds checks.
/// </remarks>
internal static unsafe partial class GuardPageFaults
{
    private const int SigSegv = 11;
    private const int SaSigInfo = 4;
    private const int SigactionBytes = 152; // glibc x86-64: handler, sa_mask[128], flags, restorer
    private const int SigactionFlagsOffset = 136;
    private const int SigactionRestorerOffset = 144;

    /// <summary>How many ranges the table holds: one per guarded slot, so 16,384 × 8 GiB covers the x86-64 user address space.</summary>
    public const int MaxRanges = 16384;

    private static readonly object Gate = new();

    /// <summary>[count, (start, end) × MaxRanges] in native memory, read by the handler.</summary>
    private static readonly ulong* Ranges;

    static GuardPageFaults()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64 ||
            Environment.GetEnvironmentVariable("WISP_GUARD_PAGES") == "0")
        {
            return;
        }

        Ranges = (ulong*)NativeMemory.AllocZeroed((nuint)(1 + (2 * MaxRanges)), sizeof(ulong));
        IsSupported = Install(Ranges);
    }

    /// <summary>Whether guard-page faults become exceptions in this process.</summary>
    public static bool IsSupported { get; }

    /// <summary>Registers [<paramref name="start"/>, <paramref name="start"/> + <paramref name="length"/>) as guard space for good; false when the table is full.</summary>
    public static bool TryRegister(byte* start, ulong length)
    {
        if (!IsSupported)
        {
            return false;
        }

        lock (Gate)
        {
            var count = Ranges[0];
            if (count >= MaxRanges)
            {
                return false;
            }

            Ranges[1 + (2 * count)] = (ulong)start;
            Ranges[2 + (2 * count)] = (ulong)start + length;
            // x86-64 keeps stores in order: a handler that sees the new count sees the entry.
            Volatile.Write(ref Ranges[0], count + 1);
            return true;
        }
    }

    private static bool Install(ulong* table)
    {
        var previous = stackalloc byte[SigactionBytes];
        if (sigaction(SigSegv, null, previous) != 0)
        {
            return false;
        }

        var previousHandler = *(ulong*)previous;
        var flags = *(int*)(previous + SigactionFlagsOffset);
        if ((flags & SaSigInfo) == 0 || previousHandler <= 1)
        {
            // Not the runtime's three-argument handler (SIG_DFL, SIG_IGN or a plain one): nothing to chain to.
            return false;
        }

        var code = HandlerCode(table, previousHandler);
        var page = (byte*)mmap(null, (nuint)Environment.SystemPageSize, ProtReadWrite, MapPrivate | MapAnonymousLinux, -1, 0);
        if (page == (byte*)-1)
        {
            return false;
        }

        code.CopyTo(new Span<byte>(page, code.Length));
        if (mprotect(page, (nuint)Environment.SystemPageSize, ProtReadExecute) != 0)
        {
            return false;
        }

        // Same mask, flags (SA_SIGINFO | SA_ONSTACK | ...) and restorer as the runtime's own action.
        var action = stackalloc byte[SigactionBytes];
        new Span<byte>(previous, SigactionBytes).CopyTo(new Span<byte>(action, SigactionBytes));
        *(ulong*)action = (ulong)page;
        return sigaction(SigSegv, action, null) == 0;
    }

    /// <summary>
    /// void handler(int signal /*rdi*/, siginfo_t* info /*rsi*/, void* context /*rdx*/):
    /// if info->si_addr (offset 16) is in a table range, set it to 0; then tail-jump to the previous
    /// handler with the arguments untouched. Clobbers only rax, rcx, r11 (caller-saved).
    /// </summary>
    private static byte[] HandlerCode(ulong* table, ulong previousHandler)
    {
        var code = new List<byte>(96);
        void Emit(params byte[] bytes) => code.AddRange(bytes);
        void Emit64(ulong value)
        {
            for (var i = 0; i < 8; i++) code.Add((byte)(value >> (8 * i)));
        }

        Emit(0x48, 0x8B, 0x46, 0x10);            // mov rax, [rsi+16]      ; si_addr
        Emit(0x49, 0xBB); Emit64((ulong)table);  // mov r11, table
        Emit(0x49, 0x8B, 0x0B);                  // mov rcx, [r11]         ; count
        var loop = code.Count;
        Emit(0x48, 0x85, 0xC9);                  // test rcx, rcx
        Emit(0x74, 0x00);                        // jz chain
        var toChain = code.Count - 1;
        Emit(0x49, 0x3B, 0x43, 0x08);            // cmp rax, [r11+8]       ; start
        Emit(0x72, 0x00);                        // jb next
        var toNext = code.Count - 1;
        Emit(0x49, 0x3B, 0x43, 0x10);            // cmp rax, [r11+16]      ; end
        Emit(0x72, 0x00);                        // jb hit
        var toHit = code.Count - 1;
        var next = code.Count;
        Emit(0x49, 0x83, 0xC3, 0x10);            // add r11, 16
        Emit(0x48, 0xFF, 0xC9);                  // dec rcx
        Emit(0xEB, (byte)(loop - (code.Count + 2))); // jmp loop
        var hit = code.Count;
        Emit(0x48, 0xC7, 0x46, 0x10, 0, 0, 0, 0); // mov qword [rsi+16], 0
        var chain = code.Count;
        Emit(0x49, 0xBB); Emit64(previousHandler); // mov r11, previous
        Emit(0x41, 0xFF, 0xE3);                  // jmp r11

        code[toChain] = (byte)(chain - (toChain + 1));
        code[toNext] = (byte)(next - (toNext + 1));
        code[toHit] = (byte)(hit - (toHit + 1));
        return [.. code];
    }

    [LibraryImport("libc")]
    private static partial int sigaction(int signal, void* action, void* previous);
}
