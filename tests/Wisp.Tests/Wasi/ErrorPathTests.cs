using Wisp.Wasi;

namespace Wisp.Tests.Wasi;

/// <summary>
/// The error paths every WASI function shares, checked function by function: an unused descriptor
/// number is EBADF, and a pointer past the end of memory is EFAULT, never a host exception. Each row
/// names its function so a gap shows as a missing row.
/// </summary>
public sealed class ErrorPathTests : IDisposable
{
    private const int Unused = 99;
    private const int Dir = WasiHarness.Preopen;
    private const int OpenedFile = 100;
    private const uint PastEnd = 2 * 65536 - 2;

    /// <summary>A one-character path ("x") and an empty iovec list.</summary>
    private const uint Path = WasiHarness.Scratch;
    private const uint Vectors = WasiHarness.Scratch + 64;

    private readonly WasiHarness _wasi = new(c => c.WithArguments("prog", "arg").WithEnvironmentVariable("NAME", "value"));

    public ErrorPathTests()
    {
        _wasi.Write(Path, "x");
        File.WriteAllText(_wasi.SandboxPath("x"), "contents");
        File.CreateSymbolicLink(_wasi.SandboxPath("link"), "x");
    }

    public void Dispose() => _wasi.Dispose();

    public static TheoryData<string, object[]> WithAnUnusedDescriptor => new()
    {
        { "fd_advise", [Unused, 0L, 0L, 0] },
        { "fd_allocate", [Unused, 0L, 1L] },
        { "fd_close", [Unused] },
        { "fd_datasync", [Unused] },
        { "fd_fdstat_get", [Unused, WasiHarness.Out] },
        { "fd_fdstat_set_flags", [Unused, 0] },
        { "fd_fdstat_set_rights", [Unused, 0L, 0L] },
        { "fd_filestat_get", [Unused, WasiHarness.Out] },
        { "fd_filestat_set_size", [Unused, 0L] },
        { "fd_filestat_set_times", [Unused, 0L, 0L, 0] },
        { "fd_pread", [Unused, Vectors, 0, 0L, WasiHarness.Out] },
        { "fd_prestat_get", [Unused, WasiHarness.Out] },
        { "fd_prestat_dir_name", [Unused, WasiHarness.Out, 8] },
        { "fd_pwrite", [Unused, Vectors, 0, 0L, WasiHarness.Out] },
        { "fd_read", [Unused, Vectors, 0, WasiHarness.Out] },
        { "fd_readdir", [Unused, WasiHarness.Out, 64, 0L, WasiHarness.Out] },
        { "fd_renumber", [Unused, 1] },
        { "fd_seek", [Unused, 0L, 0, WasiHarness.Out] },
        { "fd_sync", [Unused] },
        { "fd_tell", [Unused, WasiHarness.Out] },
        { "fd_write", [Unused, Vectors, 0, WasiHarness.Out] },
        { "path_create_directory", [Unused, Path, 1] },
        { "path_filestat_get", [Unused, 0, Path, 1, WasiHarness.Out] },
        { "path_filestat_set_times", [Unused, 0, Path, 1, 0L, 0L, 0] },
        { "path_link", [Unused, 0, Path, 1, Dir, Path, 1] },
        { "path_open", [Unused, 0, Path, 1, 0, -1L, -1L, 0, WasiHarness.Out] },
        { "path_readlink", [Unused, Path, 1, WasiHarness.Out, 8, WasiHarness.Out] },
        { "path_remove_directory", [Unused, Path, 1] },
        { "path_rename", [Unused, Path, 1, Dir, Path, 1] },
        { "path_symlink", [Path, 1, Unused, Path, 1] },
        { "path_unlink_file", [Unused, Path, 1] },
        { "sock_accept", [Unused, 0, WasiHarness.Out] },
        { "sock_recv", [Unused, Vectors, 0, 0, WasiHarness.Out, WasiHarness.Out + 4] },
        { "sock_send", [Unused, Vectors, 0, 0, WasiHarness.Out] },
        { "sock_shutdown", [Unused, 3] },
    };

    /// <summary>Arguments whose one bad pointer is past the end of memory; <see cref="OpenedFile"/> stands for a file opened in the preopen.</summary>
    public static TheoryData<string, object[]> WithAPointerPastMemory => new()
    {
        { "args_get", [PastEnd, WasiHarness.Out] },
        { "args_sizes_get", [WasiHarness.Out, PastEnd] },
        { "environ_get", [WasiHarness.Out, PastEnd] },
        { "environ_sizes_get", [PastEnd, WasiHarness.Out] },
        { "clock_res_get", [0, PastEnd] },
        { "clock_time_get", [1, 0L, PastEnd] },
        { "fd_fdstat_get", [1, PastEnd] },
        { "fd_filestat_get", [OpenedFile, PastEnd] },
        { "fd_pread", [OpenedFile, PastEnd, 1, 0L, WasiHarness.Out] },
        { "fd_pread", [OpenedFile, Vectors, 0, 0L, PastEnd] },
        { "fd_prestat_get", [Dir, PastEnd] },
        { "fd_prestat_dir_name", [Dir, PastEnd, 8] },
        { "fd_pwrite", [OpenedFile, Vectors, 0, 0L, PastEnd] },
        { "fd_read", [OpenedFile, PastEnd, 1, WasiHarness.Out] },
        { "fd_read", [OpenedFile, Vectors, 0, PastEnd] },
        { "fd_readdir", [Dir, PastEnd, 64, 0L, WasiHarness.Out] },
        { "fd_readdir", [Dir, WasiHarness.Out, 64, 0L, PastEnd] },
        { "fd_seek", [OpenedFile, 0L, 0, PastEnd] },
        { "fd_tell", [OpenedFile, PastEnd] },
        { "fd_write", [1, Vectors, 0, PastEnd] },
        { "path_create_directory", [Dir, PastEnd, 4] },
        { "path_filestat_get", [Dir, 0, PastEnd, 4, WasiHarness.Out] },
        { "path_filestat_get", [Dir, 0, Path, 1, PastEnd] },
        { "path_filestat_set_times", [Dir, 0, PastEnd, 4, 0L, 0L, 0] },
        { "path_link", [Dir, 0, PastEnd, 4, Dir, Path, 1] },
        { "path_link", [Dir, 0, Path, 1, Dir, PastEnd, 4] },
        { "path_open", [Dir, 0, PastEnd, 4, 0, -1L, -1L, 0, WasiHarness.Out] },
        { "path_open", [Dir, 0, Path, 1, 0, -1L, -1L, 0, PastEnd] },
        { "path_readlink", [Dir, PastEnd, 4, WasiHarness.Out, 8, WasiHarness.Out] },
        { "path_readlink", [Dir, WasiHarness.Scratch + 200, 4, PastEnd + 4, 8, WasiHarness.Out] },
        { "path_readlink", [Dir, WasiHarness.Scratch + 200, 4, WasiHarness.Out, 8, PastEnd] },
        { "path_remove_directory", [Dir, PastEnd, 4] },
        { "path_rename", [Dir, PastEnd, 4, Dir, Path, 1] },
        { "path_rename", [Dir, Path, 1, Dir, PastEnd, 4] },
        { "path_symlink", [PastEnd, 4, Dir, Path, 1] },
        { "path_symlink", [Path, 1, Dir, PastEnd, 4] },
        { "path_unlink_file", [Dir, PastEnd, 4] },
        { "poll_oneoff", [PastEnd, WasiHarness.Out, 1, WasiHarness.Out] },
        { "random_get", [PastEnd, 8] },
    };

    [Theory]
    [MemberData(nameof(WithAnUnusedDescriptor))]
    public void AnUnusedDescriptorIsEbadf(string function, object[] arguments)
    {
        Assert.Equal(Errno.BadFileDescriptor, _wasi.Call(function, arguments));
    }

    [Theory]
    [MemberData(nameof(WithAPointerPastMemory))]
    public void APointerPastMemoryIsEfault(string function, object[] arguments)
    {
        _wasi.Write(WasiHarness.Scratch + 200, "link");
        var file = _wasi.OpenOk(Dir, "x", rights: Rights.All);
        var resolved = arguments.Select(a => a is OpenedFile ? file : a).ToArray();

        Assert.Equal(Errno.Fault, _wasi.Call(function, resolved));
        Assert.Equal("contents", File.ReadAllText(_wasi.SandboxPath("x")));
    }
}
