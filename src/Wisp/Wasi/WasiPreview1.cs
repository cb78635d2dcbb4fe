using System.Net.Sockets;
using Wisp.Model;
using Wisp.Runtime;

namespace Wisp.Wasi;

/// <summary>
/// The <c>wasi_snapshot_preview1</c> host functions, bound to one <see cref="WasiContext"/>. Each
/// function is a method returning <see cref="Errno"/>; one file per area (args, clock, fd, path, poll,
/// proc, random, sock). Guest mistakes become errnos, never host exceptions: a bad pointer is
/// <see cref="Errno.Fault"/>, an I/O failure its errno. Only <c>proc_exit</c> and traps unwind.
/// </summary>
internal sealed partial class WasiPreview1(WasiContext context, WasiLayout layout)
{
    private delegate Errno Call(ReadOnlySpan<Value> arguments);

    private GuestMemory Memory => context.Memory;

    private FileDescriptorTable Descriptors => context.Descriptors;

    public void Define(Linker linker, string module)
    {
        Add(linker, module, "args_get", "ii", a => ArgsGet(U(a[0]), U(a[1])));
        Add(linker, module, "args_sizes_get", "ii", a => ArgsSizesGet(U(a[0]), U(a[1])));
        Add(linker, module, "environ_get", "ii", a => EnvironGet(U(a[0]), U(a[1])));
        Add(linker, module, "environ_sizes_get", "ii", a => EnvironSizesGet(U(a[0]), U(a[1])));
        Add(linker, module, "clock_res_get", "ii", a => ClockResGet(U(a[0]), U(a[1])));
        Add(linker, module, "clock_time_get", "iIi", a => ClockTimeGet(U(a[0]), L(a[1]), U(a[2])));
        Add(linker, module, "fd_advise", "iIIi", a => FdAdvise(a[0].AsInt32, L(a[1]), L(a[2]), U(a[3])));
        Add(linker, module, "fd_allocate", "iII", a => FdAllocate(a[0].AsInt32, L(a[1]), L(a[2])));
        Add(linker, module, "fd_close", "i", a => FdClose(a[0].AsInt32));
        Add(linker, module, "fd_datasync", "i", a => FdDatasync(a[0].AsInt32));
        Add(linker, module, "fd_fdstat_get", "ii", a => FdFdstatGet(a[0].AsInt32, U(a[1])));
        Add(linker, module, "fd_fdstat_set_flags", "ii", a => FdFdstatSetFlags(a[0].AsInt32, U(a[1])));
        Add(linker, module, "fd_fdstat_set_rights", "iII", a => FdFdstatSetRights(a[0].AsInt32, L(a[1]), L(a[2])));
        Add(linker, module, "fd_filestat_get", "ii", a => FdFilestatGet(a[0].AsInt32, U(a[1])));
        Add(linker, module, "fd_filestat_set_size", "iI", a => FdFilestatSetSize(a[0].AsInt32, L(a[1])));
        Add(linker, module, "fd_filestat_set_times", "iIIi", a => FdFilestatSetTimes(a[0].AsInt32, L(a[1]), L(a[2]), U(a[3])));
        Add(linker, module, "fd_pread", "iiiIi", a => FdPread(a[0].AsInt32, U(a[1]), U(a[2]), L(a[3]), U(a[4])));
        Add(linker, module, "fd_prestat_get", "ii", a => FdPrestatGet(a[0].AsInt32, U(a[1])));
        Add(linker, module, "fd_prestat_dir_name", "iii", a => FdPrestatDirName(a[0].AsInt32, U(a[1]), U(a[2])));
        Add(linker, module, "fd_pwrite", "iiiIi", a => FdPwrite(a[0].AsInt32, U(a[1]), U(a[2]), L(a[3]), U(a[4])));
        Add(linker, module, "fd_read", "iiii", a => FdRead(a[0].AsInt32, U(a[1]), U(a[2]), U(a[3])));
        Add(linker, module, "fd_readdir", "iiiIi", a => FdReaddir(a[0].AsInt32, U(a[1]), U(a[2]), L(a[3]), U(a[4])));
        Add(linker, module, "fd_renumber", "ii", a => FdRenumber(a[0].AsInt32, a[1].AsInt32));
        Add(linker, module, "fd_seek", "iIii", a => FdSeek(a[0].AsInt32, a[1].AsInt64, U(a[2]), U(a[3])));
        Add(linker, module, "fd_sync", "i", a => FdSync(a[0].AsInt32));
        Add(linker, module, "fd_tell", "ii", a => FdTell(a[0].AsInt32, U(a[1])));
        Add(linker, module, "fd_write", "iiii", a => FdWrite(a[0].AsInt32, U(a[1]), U(a[2]), U(a[3])));
        Add(linker, module, "path_create_directory", "iii", a => PathCreateDirectory(a[0].AsInt32, U(a[1]), U(a[2])));
        Add(linker, module, "path_filestat_get", "iiiii", a => PathFilestatGet(a[0].AsInt32, U(a[1]), U(a[2]), U(a[3]), U(a[4])));
        Add(linker, module, "path_filestat_set_times", "iiiiIIi", a => PathFilestatSetTimes(a[0].AsInt32, U(a[1]), U(a[2]), U(a[3]), L(a[4]), L(a[5]), U(a[6])));
        Add(linker, module, "path_link", "iiiiiii", a => PathLink(a[0].AsInt32, U(a[1]), U(a[2]), U(a[3]), a[4].AsInt32, U(a[5]), U(a[6])));
        Add(linker, module, "path_open", "iiiiiIIii", a => PathOpen(a[0].AsInt32, U(a[1]), U(a[2]), U(a[3]), U(a[4]), L(a[5]), L(a[6]), U(a[7]), U(a[8])));
        Add(linker, module, "path_readlink", "iiiiii", a => PathReadlink(a[0].AsInt32, U(a[1]), U(a[2]), U(a[3]), U(a[4]), U(a[5])));
        Add(linker, module, "path_remove_directory", "iii", a => PathRemoveDirectory(a[0].AsInt32, U(a[1]), U(a[2])));
        Add(linker, module, "path_rename", "iiiiii", a => PathRename(a[0].AsInt32, U(a[1]), U(a[2]), a[3].AsInt32, U(a[4]), U(a[5])));
        Add(linker, module, "path_symlink", "iiiii", a => PathSymlink(U(a[0]), U(a[1]), a[2].AsInt32, U(a[3]), U(a[4])));
        Add(linker, module, "path_unlink_file", "iii", a => PathUnlinkFile(a[0].AsInt32, U(a[1]), U(a[2])));
        Add(linker, module, "poll_oneoff", "iiii", a => PollOneoff(U(a[0]), U(a[1]), U(a[2]), U(a[3])));
        Add(linker, module, "proc_raise", "i", a => ProcRaise(U(a[0])));
        Add(linker, module, "sched_yield", "", a => SchedYield());
        Add(linker, module, "random_get", "ii", a => RandomGet(U(a[0]), U(a[1])));
        Add(linker, module, "sock_accept", "iii", a => SockAccept(a[0].AsInt32, U(a[1]), U(a[2])));
        Add(linker, module, "sock_recv", "iiiiii", a => SockRecv(a[0].AsInt32, U(a[1]), U(a[2]), U(a[3]), U(a[4]), U(a[5])));
        Add(linker, module, "sock_send", "iiiii", a => SockSend(a[0].AsInt32, U(a[1]), U(a[2]), U(a[3]), U(a[4])));
        Add(linker, module, "sock_shutdown", "ii", a => SockShutdown(a[0].AsInt32, U(a[1])));

        // proc_exit has no result: it never returns.
        var exitType = new FunctionType([ValType.I32], []);
        linker.Define(module, "proc_exit", new Function(new HostFunction(exitType, (arguments, _) => ProcExit(arguments[0].AsInt32), $"{module}.proc_exit")));
    }

    private static void Add(Linker linker, string module, string name, string parameters, Call call)
    {
        var type = new FunctionType([.. parameters.Select(p => p == 'I' ? ValType.I64 : ValType.I32)], [ValType.I32]);
        linker.Define(module, name, new Function(new HostFunction(type, (arguments, results) => results[0] = Value.FromInt32((int)Dispatch(call, arguments)), $"{module}.{name}")));
    }

    /// <summary>Runs one call and turns the ways it can fail into the errno the guest sees.</summary>
    private static Errno Dispatch(Call call, ReadOnlySpan<Value> arguments)
    {
        try
        {
            return call(arguments);
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
