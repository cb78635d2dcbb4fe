using System.Net.Sockets;
using Wisp.Model;
using Wisp.Runtime;

namespace Wisp.Wasi;

/// <summary>
/// The <c>wasi_snapshot_preview1</c> host functions. Defined once per linker, they serve every store:
/// each call builds this view of its caller (the store's <see cref="WasiContext"/>, the calling
/// instance's memory, the layout of the module name it was imported under) and runs one method
/// returning <see cref="Errno"/>; one file per area (args, clock, fd, path, poll, proc, random, sock).
/// Guest mistakes become errnos, never host exceptions: a bad pointer is <see cref="Errno.Fault"/>,
/// an I/O failure its errno. Only <c>proc_exit</c> and traps unwind.
/// </summary>
internal readonly partial struct WasiPreview1(WasiContext context, LinearMemory memory, WasiLayout layout)
{
    private delegate Errno Call(WasiPreview1 wasi, ReadOnlySpan<Value> arguments);

    private GuestMemory Memory => new(memory);

    private FileDescriptorTable Descriptors => context.Descriptors;

    public static void Define(Linker linker, string module, WasiLayout layout)
    {
        Add(linker, module, layout, "args_get", "ii", (w, a) => w.ArgsGet(U(a[0]), U(a[1])));
        Add(linker, module, layout, "args_sizes_get", "ii", (w, a) => w.ArgsSizesGet(U(a[0]), U(a[1])));
        Add(linker, module, layout, "environ_get", "ii", (w, a) => w.EnvironGet(U(a[0]), U(a[1])));
        Add(linker, module, layout, "environ_sizes_get", "ii", (w, a) => w.EnvironSizesGet(U(a[0]), U(a[1])));
        Add(linker, module, layout, "clock_res_get", "ii", (w, a) => w.ClockResGet(U(a[0]), U(a[1])));
        Add(linker, module, layout, "clock_time_get", "iIi", (w, a) => w.ClockTimeGet(U(a[0]), L(a[1]), U(a[2])));
        Add(linker, module, layout, "fd_advise", "iIIi", (w, a) => w.FdAdvise(a[0].AsInt32, L(a[1]), L(a[2]), U(a[3])));
        Add(linker, module, layout, "fd_allocate", "iII", (w, a) => w.FdAllocate(a[0].AsInt32, L(a[1]), L(a[2])));
        Add(linker, module, layout, "fd_close", "i", (w, a) => w.FdClose(a[0].AsInt32));
        Add(linker, module, layout, "fd_datasync", "i", (w, a) => w.FdDatasync(a[0].AsInt32));
        Add(linker, module, layout, "fd_fdstat_get", "ii", (w, a) => w.FdFdstatGet(a[0].AsInt32, U(a[1])));
        Add(linker, module, layout, "fd_fdstat_set_flags", "ii", (w, a) => w.FdFdstatSetFlags(a[0].AsInt32, U(a[1])));
        Add(linker, module, layout, "fd_fdstat_set_rights", "iII", (w, a) => w.FdFdstatSetRights(a[0].AsInt32, L(a[1]), L(a[2])));
        Add(linker, module, layout, "fd_filestat_get", "ii", (w, a) => w.FdFilestatGet(a[0].AsInt32, U(a[1])));
        Add(linker, module, layout, "fd_filestat_set_size", "iI", (w, a) => w.FdFilestatSetSize(a[0].AsInt32, L(a[1])));
        Add(linker, module, layout, "fd_filestat_set_times", "iIIi", (w, a) => w.FdFilestatSetTimes(a[0].AsInt32, L(a[1]), L(a[2]), U(a[3])));
        Add(linker, module, layout, "fd_pread", "iiiIi", (w, a) => w.FdPread(a[0].AsInt32, U(a[1]), U(a[2]), L(a[3]), U(a[4])));
        Add(linker, module, layout, "fd_prestat_get", "ii", (w, a) => w.FdPrestatGet(a[0].AsInt32, U(a[1])));
        Add(linker, module, layout, "fd_prestat_dir_name", "iii", (w, a) => w.FdPrestatDirName(a[0].AsInt32, U(a[1]), U(a[2])));
        Add(linker, module, layout, "fd_pwrite", "iiiIi", (w, a) => w.FdPwrite(a[0].AsInt32, U(a[1]), U(a[2]), L(a[3]), U(a[4])));
        Add(linker, module, layout, "fd_read", "iiii", (w, a) => w.FdRead(a[0].AsInt32, U(a[1]), U(a[2]), U(a[3])));
        Add(linker, module, layout, "fd_readdir", "iiiIi", (w, a) => w.FdReaddir(a[0].AsInt32, U(a[1]), U(a[2]), L(a[3]), U(a[4])));
        Add(linker, module, layout, "fd_renumber", "ii", (w, a) => w.FdRenumber(a[0].AsInt32, a[1].AsInt32));
        Add(linker, module, layout, "fd_seek", "iIii", (w, a) => w.FdSeek(a[0].AsInt32, a[1].AsInt64, U(a[2]), U(a[3])));
        Add(linker, module, layout, "fd_sync", "i", (w, a) => w.FdSync(a[0].AsInt32));
        Add(linker, module, layout, "fd_tell", "ii", (w, a) => w.FdTell(a[0].AsInt32, U(a[1])));
        Add(linker, module, layout, "fd_write", "iiii", (w, a) => w.FdWrite(a[0].AsInt32, U(a[1]), U(a[2]), U(a[3])));
        Add(linker, module, layout, "path_create_directory", "iii", (w, a) => w.PathCreateDirectory(a[0].AsInt32, U(a[1]), U(a[2])));
        Add(linker, module, layout, "path_filestat_get", "iiiii", (w, a) => w.PathFilestatGet(a[0].AsInt32, U(a[1]), U(a[2]), U(a[3]), U(a[4])));
        Add(linker, module, layout, "path_filestat_set_times", "iiiiIIi", (w, a) => w.PathFilestatSetTimes(a[0].AsInt32, U(a[1]), U(a[2]), U(a[3]), L(a[4]), L(a[5]), U(a[6])));
        Add(linker, module, layout, "path_link", "iiiiiii", (w, a) => w.PathLink(a[0].AsInt32, U(a[1]), U(a[2]), U(a[3]), a[4].AsInt32, U(a[5]), U(a[6])));
        Add(linker, module, layout, "path_open", "iiiiiIIii", (w, a) => w.PathOpen(a[0].AsInt32, U(a[1]), U(a[2]), U(a[3]), U(a[4]), L(a[5]), L(a[6]), U(a[7]), U(a[8])));
        Add(linker, module, layout, "path_readlink", "iiiiii", (w, a) => w.PathReadlink(a[0].AsInt32, U(a[1]), U(a[2]), U(a[3]), U(a[4]), U(a[5])));
        Add(linker, module, layout, "path_remove_directory", "iii", (w, a) => w.PathRemoveDirectory(a[0].AsInt32, U(a[1]), U(a[2])));
        Add(linker, module, layout, "path_rename", "iiiiii", (w, a) => w.PathRename(a[0].AsInt32, U(a[1]), U(a[2]), a[3].AsInt32, U(a[4]), U(a[5])));
        Add(linker, module, layout, "path_symlink", "iiiii", (w, a) => w.PathSymlink(U(a[0]), U(a[1]), a[2].AsInt32, U(a[3]), U(a[4])));
        Add(linker, module, layout, "path_unlink_file", "iii", (w, a) => w.PathUnlinkFile(a[0].AsInt32, U(a[1]), U(a[2])));
        Add(linker, module, layout, "poll_oneoff", "iiii", (w, a) => w.PollOneoff(U(a[0]), U(a[1]), U(a[2]), U(a[3])));
        Add(linker, module, layout, "proc_raise", "i", (_, a) => ProcRaise(U(a[0])));
        Add(linker, module, layout, "sched_yield", "", (_, _) => SchedYield());
        Add(linker, module, layout, "random_get", "ii", (w, a) => w.RandomGet(U(a[0]), U(a[1])));
        Add(linker, module, layout, "sock_accept", "iii", (w, a) => w.SockAccept(a[0].AsInt32, U(a[1]), U(a[2])));
        Add(linker, module, layout, "sock_recv", "iiiiii", (w, a) => w.SockRecv(a[0].AsInt32, U(a[1]), U(a[2]), U(a[3]), U(a[4]), U(a[5])));
        Add(linker, module, layout, "sock_send", "iiiii", (w, a) => w.SockSend(a[0].AsInt32, U(a[1]), U(a[2]), U(a[3]), U(a[4])));
        Add(linker, module, layout, "sock_shutdown", "ii", (w, a) => w.SockShutdown(a[0].AsInt32, U(a[1])));

        // proc_exit has no result: it never returns.
        var exitType = new FunctionType([ValType.I32], []);
        linker.Define(module, "proc_exit", new Function(new HostFunction(exitType, (caller, arguments, _) => ProcExit(arguments[0].AsInt32), $"{module}.proc_exit")));
    }

    private static void Add(Linker linker, string module, WasiLayout layout, string name, string parameters, Call call)
    {
        // A loop, not LINQ: Select<char, ValType> is generic framework code jitted at start-up.
        var parameterTypes = new ValType[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            parameterTypes[i] = parameters[i] == 'I' ? ValType.I64 : ValType.I32;
        }

        var type = new FunctionType(parameterTypes, [ValType.I32]);
        linker.Define(module, name, new Function(new HostFunction(
            type,
            (caller, arguments, results) => results[0] = Value.FromInt32((int)Dispatch(call, Of(caller, layout), arguments)),
            $"{module}.{name}")));
    }

    /// <summary>The view of the WASI state a call from <paramref name="caller"/> works on; a trap if there is none.</summary>
    private static WasiPreview1 Of(Caller caller, WasiLayout layout)
    {
        var context = caller.Store?.WasiContext
            ?? throw new TrapException(TrapCode.HostError, "WASI call in a store without a WASI configuration (call Store.SetWasiConfiguration before instantiating)");
        var memory = caller.LinearMemory
            ?? throw new TrapException(TrapCode.HostError, "WASI call from an instance without a memory");
        return new WasiPreview1(context, memory, layout);
    }

    /// <summary>Runs one call and turns the ways it can fail into the errno the guest sees.</summary>
    private static Errno Dispatch(Call call, WasiPreview1 wasi, ReadOnlySpan<Value> arguments)
    {
        try
        {
            return call(wasi, arguments);
        }
        catch (WasiErrorException e)
        {
            return e.Errno;
        }
        catch (SocketException e)
        {
            return HostErrno.FromSocket(e);
        }
        catch (ObjectDisposedException)
        {
            return Errno.BadFileDescriptor;
        }
        catch (NotSupportedException)
        {
            return Errno.NotSupported;
        }
        catch (UnauthorizedAccessException)
        {
            return Errno.Access;
        }
        catch (IOException)
        {
            return Errno.IO;
        }
    }

    private static uint U(in Value value) => (uint)value.AsInt32;

    private static ulong L(in Value value) => (ulong)value.AsInt64;

    /// <summary>Fails with the last libc error if <paramref name="result"/> is negative.</summary>
    private static long Check(long result) => result < 0 ? throw new WasiErrorException(HostErrno.Last()) : result;
}
