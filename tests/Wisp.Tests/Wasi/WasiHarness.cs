using System.Text;
using Wisp.Runtime;
using Wisp.Wasi;

namespace Wisp.Tests.Wasi;

/// <summary>
/// A guest that re-exports every WASI preview1 import under its own name, so tests call WASI functions
/// directly with raw pointers into the guest's memory. The sandbox is a fresh temp directory preopened
/// as fd 3 ("/sandbox"); "outside" is a sibling directory the guest must never reach.
/// </summary>
public sealed class WasiHarness : IDisposable
{
    public const int Preopen = 3;

    /// <summary>Scratch memory for paths and strings (page 0 is 64 KiB; the guest has 2 pages).</summary>
    public const uint Scratch = 1024;

    public const uint Out = 512;

    private static readonly (string Name, string Parameters, bool Returns)[] Functions =
    [
        ("args_get", "ii", true), ("args_sizes_get", "ii", true), ("environ_get", "ii", true), ("environ_sizes_get", "ii", true),
        ("clock_res_get", "ii", true), ("clock_time_get", "iIi", true), ("fd_advise", "iIIi", true), ("fd_allocate", "iII", true),
        ("fd_close", "i", true), ("fd_datasync", "i", true), ("fd_fdstat_get", "ii", true), ("fd_fdstat_set_flags", "ii", true),
        ("fd_fdstat_set_rights", "iII", true), ("fd_filestat_get", "ii", true), ("fd_filestat_set_size", "iI", true),
        ("fd_filestat_set_times", "iIIi", true), ("fd_pread", "iiiIi", true), ("fd_prestat_get", "ii", true),
        ("fd_prestat_dir_name", "iii", true), ("fd_pwrite", "iiiIi", true), ("fd_read", "iiii", true), ("fd_readdir", "iiiIi", true),
        ("fd_renumber", "ii", true), ("fd_seek", "iIii", true), ("fd_sync", "i", true), ("fd_tell", "ii", true), ("fd_write", "iiii", true),
        ("path_create_directory", "iii", true), ("path_filestat_get", "iiiii", true), ("path_filestat_set_times", "iiiiIIi", true),
        ("path_link", "iiiiiii", true), ("path_open", "iiiiiIIii", true), ("path_readlink", "iiiiii", true),
        ("path_remove_directory", "iii", true), ("path_rename", "iiiiii", true), ("path_symlink", "iiiii", true),
        ("path_unlink_file", "iii", true), ("poll_oneoff", "iiii", true), ("proc_exit", "i", false), ("proc_raise", "i", true),
        ("sched_yield", "", true), ("random_get", "ii", true), ("sock_accept", "iii", true), ("sock_recv", "iiiiii", true),
        ("sock_send", "iiiii", true), ("sock_shutdown", "ii", true),
    ];

    private static readonly Engine SharedEngine = new();
    private static readonly Dictionary<string, Module> Modules = [];

    private readonly Instance _instance;
    private readonly Store _store;

    public WasiHarness(Action<WasiConfiguration>? configure = null, bool readOnly = false, string module = "wasi_snapshot_preview1")
    {
        Root = Directory.CreateTempSubdirectory("wisp-wasi-").FullName;
        Sandbox = Path.Combine(Root, "sandbox");
        Outside = Path.Combine(Root, "outside");
        Directory.CreateDirectory(Sandbox);
        Directory.CreateDirectory(Outside);
        File.WriteAllText(Path.Combine(Outside, "secret.txt"), "secret");
        var configuration = new WasiConfiguration()
            .WithStandardInput(StandardInput)
            .WithStandardOutput(StandardOutput)
            .WithStandardError(StandardError)
            .WithPreopenedDirectory(Sandbox, "/sandbox", readOnly);
        configure?.Invoke(configuration);
        _store = new Store(SharedEngine);
        var linker = new Linker(SharedEngine);
        _store.SetWasiConfiguration(configuration);
        Context = _store.WasiContext!;
        linker.DefineWasi();
        _instance = linker.Instantiate(_store, GuestModule(module));
        Memory = _instance.GetMemory("memory")!;
    }

    public string Root { get; }

    /// <summary>The host directory preopened as fd 3.</summary>
    public string Sandbox { get; }

    /// <summary>A host directory next to the sandbox holding secret.txt; nothing may change here.</summary>
    public string Outside { get; }

    public MemoryStream StandardInput { get; } = new();

    public MemoryStream StandardOutput { get; } = new();

    public MemoryStream StandardError { get; } = new();

    public WasiContext Context { get; }

    public Memory Memory { get; }

    /// <summary>Calls WASI function <paramref name="name"/> with i32 (int/uint) and i64 (long/ulong) arguments; returns the errno.</summary>
    public Errno Call(string name, params object[] arguments)
    {
        var values = arguments.Select(a => a switch
        {
            int i => Value.FromInt32(i),
            uint u => Value.FromInt32((int)u),
            long l => Value.FromInt64(l),
            ulong ul => Value.FromInt64((long)ul),
            Errno e => Value.FromInt32((int)e),
            _ => throw new ArgumentException($"unsupported argument {a}"),
        }).ToArray();
        return (Errno)_instance.GetFunction(name)!.Invoke(values)[0].AsInt32;
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 at <paramref name="pointer"/> and returns its length.</summary>
    public uint Write(uint pointer, string text) => (uint)Memory.WriteString(pointer, text);

    public uint ReadU32(uint pointer) => (uint)Memory.ReadInt32(pointer);

    public ulong ReadU64(uint pointer) => (ulong)Memory.ReadInt64(pointer);

    public string ReadString(uint pointer, uint length) => Memory.ReadString(pointer, (int)length);

    /// <summary>path_open with the path at <see cref="Scratch"/>; the new fd is at <see cref="Out"/>.</summary>
    public Errno Open(int directory, string path, OpenFlags oflags = OpenFlags.None, Rights rights = Rights.All, FdFlags fdflags = FdFlags.None, bool follow = true)
    {
        var length = Write(Scratch, path);
        return Call("path_open", directory, follow ? 1 : 0, Scratch, length, (int)oflags, (long)rights, (long)rights, (int)fdflags, Out);
    }

    /// <summary>Opens and returns the fd, asserting success.</summary>
    public int OpenOk(int directory, string path, OpenFlags oflags = OpenFlags.None, Rights rights = Rights.All, FdFlags fdflags = FdFlags.None)
    {
        Assert.Equal(Errno.Success, Open(directory, path, oflags, rights, fdflags));
        return (int)ReadU32(Out);
    }

    /// <summary>Calls a path_* function taking (fd, path, path_len) with the path at <see cref="Scratch"/>.</summary>
    public Errno PathCall(string name, int directory, string path) => Call(name, directory, Scratch, Write(Scratch, path));

    /// <summary>fd_write of <paramref name="text"/>; returns the errno, the count written is at <see cref="Out"/>.</summary>
    public Errno WriteText(int fd, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        bytes.CopyTo(Memory.GetSpan(Scratch + 64, bytes.Length));
        Memory.WriteInt32(Scratch, (int)(Scratch + 64));
        Memory.WriteInt32(Scratch + 4, bytes.Length);
        return Call("fd_write", fd, Scratch, 1, Out);
    }

    /// <summary>fd_read of up to <paramref name="count"/> bytes, asserting success; returns the text.</summary>
    public string ReadText(int fd, int count = 256)
    {
        Memory.WriteInt32(Scratch, (int)(Scratch + 64));
        Memory.WriteInt32(Scratch + 4, count);
        Assert.Equal(Errno.Success, Call("fd_read", fd, Scratch, 1, Out));
        return ReadString(Scratch + 64, ReadU32(Out));
    }

    public string SandboxPath(string relative) => Path.Combine(Sandbox, relative);

    /// <summary>Every file under the outside directory with its content, to prove nothing there changed.</summary>
    public string DescribeOutside() => string.Join("\n", Directory.EnumerateFileSystemEntries(Outside, "*", SearchOption.AllDirectories)
        .Order()
        .Select(p => File.Exists(p) ? $"{Path.GetRelativePath(Outside, p)}={File.ReadAllText(p)}" : Path.GetRelativePath(Outside, p)));

    public void Dispose()
    {
        _store.Dispose();
        Directory.Delete(Root, recursive: true);
    }

    private static Module GuestModule(string module)
    {
        lock (Modules)
        {
            if (!Modules.TryGetValue(module, out var compiled))
            {
                compiled = Module.FromText(SharedEngine, "wasi-harness", GuestText(module));
                Modules[module] = compiled;
            }

            return compiled;
        }
    }

    private static string GuestText(string module)
    {
        var text = new StringBuilder("(module\n");
        foreach (var (name, parameters, returns) in Functions)
        {
            var types = string.Join(" ", parameters.Select(p => p == 'I' ? "i64" : "i32"));
            var result = returns ? "(result i32)" : "";
            text.Append($"  (import \"{module}\" \"{name}\" (func ${name} (param {types}) {result}))\n");
        }

        text.Append("  (memory (export \"memory\") 2)\n");
        foreach (var (name, parameters, returns) in Functions)
        {
            var types = string.Join(" ", parameters.Select(p => p == 'I' ? "i64" : "i32"));
            var result = returns ? "(result i32)" : "";
            var gets = string.Concat(Enumerable.Range(0, parameters.Length).Select(i => $"(local.get {i})"));
            text.Append($"  (func (export \"{name}\") (param {types}) {result} (call ${name} {gets}))\n");
        }

        return text.Append(')').ToString();
    }
}
