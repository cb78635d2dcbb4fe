using Wisp.Wasi;

namespace Wisp.Tests.Wasi;

public sealed class PathTests : IDisposable
{
    private const int Dir = WasiHarness.Preopen;
    private const uint Second = WasiHarness.Scratch + 2048;
    private readonly WasiHarness _wasi = new();

    public void Dispose() => _wasi.Dispose();

    private string HostFunctionOf(string relative) => _wasi.SandboxPath(relative);

    [Fact]
    public void OpenCreatesTruncatesAndRefusesExisting()
    {
        var fd = _wasi.OpenOk(Dir, "new.txt", OpenFlags.Create);
        Assert.Equal(Errno.Success, _wasi.WriteText(fd, "content"));
        Assert.Equal("content", File.ReadAllText(HostFunctionOf("new.txt")));

        Assert.Equal(Errno.Exists, _wasi.Open(Dir, "new.txt", OpenFlags.Create | OpenFlags.Exclusive));
        _wasi.OpenOk(Dir, "new.txt", OpenFlags.Truncate);
        Assert.Equal("", File.ReadAllText(HostFunctionOf("new.txt")));
    }

    [Fact]
    public void OpenErrors()
    {
        File.WriteAllText(HostFunctionOf("file"), "x");
        Directory.CreateDirectory(HostFunctionOf("dir"));

        Assert.Equal(Errno.NoEntry, _wasi.Open(Dir, "missing"));
        Assert.Equal(Errno.NoEntry, _wasi.Open(Dir, ""));
        Assert.Equal(Errno.NotDirectory, _wasi.Open(Dir, "file", OpenFlags.Directory));
        Assert.Equal(Errno.NotDirectory, _wasi.Open(Dir, "file/"));
        Assert.Equal(Errno.NotDirectory, _wasi.Open(Dir, "file/x"));
        Assert.Equal(Errno.IsDirectory, _wasi.Open(Dir, "dir", rights: Rights.FdWrite));
        Assert.Equal(Errno.Invalid, _wasi.Open(Dir, "file", (OpenFlags)0x10));
        Assert.Equal(Errno.Invalid, _wasi.Open(Dir, "file", fdflags: (FdFlags)0x20));
        Assert.Equal(Errno.BadFileDescriptor, _wasi.Open(9, "file"));
        Assert.Equal(Errno.NotDirectory, _wasi.Open(1, "file"));
        Assert.Equal(Errno.IllegalSequence, InvalidUtf8Open());
    }

    private Errno InvalidUtf8Open()
    {
        _wasi.Memory.GetSpan(WasiHarness.Scratch, 2)[0] = 0xFF;
        _wasi.Memory.GetSpan(WasiHarness.Scratch, 2)[1] = 0xFE;
        return _wasi.Call("path_open", Dir, 1, WasiHarness.Scratch, 2, 0, -1L, -1L, 0, WasiHarness.Out);
    }

    [Fact]
    public void APathWithANulByteIsInvalid()
    {
        _wasi.Write(WasiHarness.Scratch, "a\0b");

        Assert.Equal(Errno.Invalid, _wasi.Call("path_open", Dir, 1, WasiHarness.Scratch, 3, 0, -1L, -1L, 0, WasiHarness.Out));
    }

    [Fact]
    public void OpenedDirectoriesResolvePathsBeneathThem()
    {
        Directory.CreateDirectory(HostFunctionOf("a/b"));
        File.WriteAllText(HostFunctionOf("a/b/c.txt"), "deep");

        var a = _wasi.OpenOk(Dir, "a", OpenFlags.Directory);
        var c = _wasi.OpenOk(a, "b/../b/./c.txt");

        Assert.Equal("deep", _wasi.ReadText(c));
        Assert.Equal(Errno.Success, _wasi.Call("fd_fdstat_get", a, 600));
        Assert.Equal((byte)FileType.Directory, _wasi.Memory.ReadByte(600));
    }

    [Fact]
    public void OpenedFilesGetOnlyTheRightsAskedFor()
    {
        File.WriteAllText(HostFunctionOf("f"), "x");
        var fd = _wasi.OpenOk(Dir, "f", rights: Rights.FdRead);

        Assert.Equal(Errno.NotCapable, _wasi.WriteText(fd, "y"));
        Assert.Equal(Errno.NotCapable, _wasi.Call("fd_seek", fd, 1L, 0, WasiHarness.Out));
        Assert.Equal("x", _wasi.ReadText(fd));
    }

    [Fact]
    public void OpenWithSymlinkFollowFlagDecidesOnTheFinalLink()
    {
        File.WriteAllText(HostFunctionOf("target"), "t");
        File.CreateSymbolicLink(HostFunctionOf("link"), "target");

        var followed = _wasi.OpenOk(Dir, "link");
        Assert.Equal("t", _wasi.ReadText(followed));
        Assert.Equal(Errno.Loop, _wasi.Open(Dir, "link", follow: false));
    }

    [Fact]
    public void CreateAndRemoveDirectory()
    {
        Assert.Equal(Errno.Success, _wasi.PathCall("path_create_directory", Dir, "d"));
        Assert.True(Directory.Exists(HostFunctionOf("d")));
        Assert.Equal(Errno.Exists, _wasi.PathCall("path_create_directory", Dir, "d"));
        Assert.Equal(Errno.NoEntry, _wasi.PathCall("path_create_directory", Dir, "x/y"));
        Assert.Equal(Errno.Success, _wasi.PathCall("path_create_directory", Dir, "d/e/"));

        Assert.Equal(Errno.NotEmpty, _wasi.PathCall("path_remove_directory", Dir, "d"));
        Assert.Equal(Errno.Success, _wasi.PathCall("path_remove_directory", Dir, "d/e/"));
        Assert.Equal(Errno.Success, _wasi.PathCall("path_remove_directory", Dir, "d"));
        Assert.False(Directory.Exists(HostFunctionOf("d")));
        Assert.Equal(Errno.NoEntry, _wasi.PathCall("path_remove_directory", Dir, "d"));
        File.WriteAllText(HostFunctionOf("f"), "x");
        Assert.Equal(Errno.NotDirectory, _wasi.PathCall("path_remove_directory", Dir, "f"));
        Assert.Equal(Errno.Exists, _wasi.PathCall("path_create_directory", Dir, "f"));
    }

    [Fact]
    public void UnlinkFile()
    {
        File.WriteAllText(HostFunctionOf("f"), "x");
        Directory.CreateDirectory(HostFunctionOf("d"));

        Assert.Equal(Errno.Success, _wasi.PathCall("path_unlink_file", Dir, "f"));
        Assert.False(File.Exists(HostFunctionOf("f")));
        Assert.Equal(Errno.NoEntry, _wasi.PathCall("path_unlink_file", Dir, "f"));
        Assert.Equal(Errno.IsDirectory, _wasi.PathCall("path_unlink_file", Dir, "d"));
        Assert.Equal(Errno.IsDirectory, _wasi.PathCall("path_unlink_file", Dir, "d/"));
        Assert.True(Directory.Exists(HostFunctionOf("d")));
    }

    [Fact]
    public void UnlinkingASymlinkRemovesTheLinkNotItsTarget()
    {
        File.WriteAllText(HostFunctionOf("target"), "t");
        File.CreateSymbolicLink(HostFunctionOf("link"), "target");

        Assert.Equal(Errno.Success, _wasi.PathCall("path_unlink_file", Dir, "link"));
        Assert.True(File.Exists(HostFunctionOf("target")));
    }

    [Fact]
    public void FilestatGetFollowsOrNotAsAsked()
    {
        File.WriteAllText(HostFunctionOf("target"), "12345");
        File.CreateSymbolicLink(HostFunctionOf("link"), "target");
        var length = _wasi.Write(WasiHarness.Scratch, "link");

        Assert.Equal(Errno.Success, _wasi.Call("path_filestat_get", Dir, 1, WasiHarness.Scratch, length, 600));
        Assert.Equal((byte)FileType.RegularFile, _wasi.Memory.ReadByte(616));
        Assert.Equal(5ul, _wasi.ReadU64(632));
        Assert.Equal(Errno.Success, _wasi.Call("path_filestat_get", Dir, 0, WasiHarness.Scratch, length, 600));
        Assert.Equal((byte)FileType.SymbolicLink, _wasi.Memory.ReadByte(616));

        length = _wasi.Write(WasiHarness.Scratch, "nothing");
        Assert.Equal(Errno.NoEntry, _wasi.Call("path_filestat_get", Dir, 0, WasiHarness.Scratch, length, 600));
        length = _wasi.Write(WasiHarness.Scratch, "target/");
        Assert.Equal(Errno.NotDirectory, _wasi.Call("path_filestat_get", Dir, 0, WasiHarness.Scratch, length, 600));
        length = _wasi.Write(WasiHarness.Scratch, ".");
        Assert.Equal(Errno.Success, _wasi.Call("path_filestat_get", Dir, 0, WasiHarness.Scratch, length, 600));
        Assert.Equal((byte)FileType.Directory, _wasi.Memory.ReadByte(616));
    }

    [Fact]
    public void FilestatSetTimesOnAPath()
    {
        File.WriteAllText(HostFunctionOf("f"), "x");
        var length = _wasi.Write(WasiHarness.Scratch, "f");

        Assert.Equal(Errno.Success, _wasi.Call("path_filestat_set_times", Dir, 1, WasiHarness.Scratch, length, 0L, 2_000_000_000_000_000_000L, 4));
        Assert.Equal(DateTime.UnixEpoch.AddSeconds(2_000_000_000), File.GetLastWriteTimeUtc(HostFunctionOf("f")));
        Assert.Equal(Errno.Invalid, _wasi.Call("path_filestat_set_times", Dir, 1, WasiHarness.Scratch, length, 0L, 0L, 3));
        length = _wasi.Write(WasiHarness.Scratch, "missing");
        Assert.Equal(Errno.NoEntry, _wasi.Call("path_filestat_set_times", Dir, 1, WasiHarness.Scratch, length, 0L, 0L, 8));
    }

    [Fact]
    public void RenameMovesAndReplaces()
    {
        File.WriteAllText(HostFunctionOf("a"), "A");
        File.WriteAllText(HostFunctionOf("b"), "B");
        Directory.CreateDirectory(HostFunctionOf("d"));

        Assert.Equal(Errno.Success, Rename("a", "d/moved"));
        Assert.Equal("A", File.ReadAllText(HostFunctionOf("d/moved")));
        Assert.Equal(Errno.Success, Rename("b", "d/moved"));
        Assert.Equal("B", File.ReadAllText(HostFunctionOf("d/moved")));
        Assert.Equal(Errno.NoEntry, Rename("a", "c"));
        Directory.CreateDirectory(HostFunctionOf("empty"));
        Assert.Equal(Errno.IsDirectory, Rename("d/moved", "empty"));
        Directory.CreateDirectory(HostFunctionOf("e"));
        Assert.Equal(Errno.NotEmpty, Rename("e", "d"));
    }

    private Errno Rename(string from, string to) =>
        _wasi.Call("path_rename", Dir, WasiHarness.Scratch, _wasi.Write(WasiHarness.Scratch, from), Dir, Second, _wasi.Write(Second, to));

    [Fact]
    public void HardLinks()
    {
        File.WriteAllText(HostFunctionOf("f"), "shared");

        Assert.Equal(Errno.Success, Link("f", "g"));
        File.AppendAllText(HostFunctionOf("g"), "!");
        Assert.Equal("shared!", File.ReadAllText(HostFunctionOf("f")));
        Assert.Equal(Errno.Exists, Link("f", "g"));
        Assert.Equal(Errno.NoEntry, Link("missing", "h"));
        var fd = _wasi.OpenOk(Dir, "f");
        Assert.Equal(Errno.Success, _wasi.Call("fd_filestat_get", fd, 600));
        Assert.Equal(2ul, _wasi.ReadU64(624));
    }

    private Errno Link(string from, string to) =>
        _wasi.Call("path_link", Dir, 0, WasiHarness.Scratch, _wasi.Write(WasiHarness.Scratch, from), Dir, Second, _wasi.Write(Second, to));

    [Fact]
    public void SymlinksAreCreatedAndRead()
    {
        Assert.Equal(Errno.Success, Symlink("some/target", "link"));
        Assert.Equal("some/target", new FileInfo(HostFunctionOf("link")).LinkTarget);
        Assert.Equal(Errno.Exists, Symlink("other", "link"));

        var length = _wasi.Write(WasiHarness.Scratch, "link");
        Assert.Equal(Errno.Success, _wasi.Call("path_readlink", Dir, WasiHarness.Scratch, length, 700, 100, WasiHarness.Out));
        Assert.Equal(11u, _wasi.ReadU32(WasiHarness.Out));
        Assert.Equal("some/target", _wasi.ReadString(700, 11));
        Assert.Equal(Errno.Success, _wasi.Call("path_readlink", Dir, WasiHarness.Scratch, length, 700, 4, WasiHarness.Out));
        Assert.Equal(4u, _wasi.ReadU32(WasiHarness.Out));

        File.WriteAllText(HostFunctionOf("plain"), "x");
        length = _wasi.Write(WasiHarness.Scratch, "plain");
        Assert.Equal(Errno.Invalid, _wasi.Call("path_readlink", Dir, WasiHarness.Scratch, length, 700, 100, WasiHarness.Out));
        length = _wasi.Write(WasiHarness.Scratch, "nothing");
        Assert.Equal(Errno.NoEntry, _wasi.Call("path_readlink", Dir, WasiHarness.Scratch, length, 700, 100, WasiHarness.Out));
    }

    private Errno Symlink(string target, string link) =>
        _wasi.Call("path_symlink", WasiHarness.Scratch, _wasi.Write(WasiHarness.Scratch, target), Dir, Second, _wasi.Write(Second, link));

    [Fact]
    public void PathFunctionsOnANonDirectoryAreEnotdirAndOnAClosedOneEbadf()
    {
        File.WriteAllText(HostFunctionOf("f"), "x");
        var fd = _wasi.OpenOk(Dir, "f");

        Assert.Equal(Errno.NotDirectory, _wasi.PathCall("path_create_directory", fd, "d"));
        Assert.Equal(Errno.NotDirectory, _wasi.PathCall("path_unlink_file", fd, "d"));
        Assert.Equal(Errno.NotDirectory, _wasi.PathCall("path_remove_directory", fd, "d"));
        Assert.Equal(Errno.BadFileDescriptor, _wasi.PathCall("path_create_directory", 30, "d"));
        Assert.Equal(Errno.Fault, _wasi.Call("path_create_directory", Dir, 2 * 65536 - 1, 4));
    }
}
