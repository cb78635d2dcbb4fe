using Wisp.Wasi;

namespace Wisp.Tests.Wasi;

/// <summary>
/// Attempts to reach outside the preopened directory, each refused with the right errno. After each
/// one the host file system is checked: the directory beside the sandbox is unchanged and nothing
/// appeared beside it.
/// </summary>
public class SandboxEscapeTests
{
    private const int Dir = WasiHarness.Preopen;
    private const uint Second = WasiHarness.Scratch + 2048;
    private const uint PastEnd = 2 * 65536 - 2;

    private static readonly Dictionary<string, (Errno Expected, Func<WasiHarness, Errno> Attempt)> Attempts = new()
    {
        ["dotdot"] = (Errno.NotCapable, w => w.Open(Dir, "..")),
        ["dotdot to sibling file"] = (Errno.NotCapable, w => w.Open(Dir, "../outside/secret.txt")),
        ["dotdot chain to /etc"] = (Errno.NotCapable, w => w.Open(Dir, "../../../../../../etc/passwd")),
        ["dotdot after descending"] = (Errno.NotCapable, w => w.Open(Dir, "a/../../outside/secret.txt")),
        ["dotdot with dots and slashes"] = (Errno.NotCapable, w => w.Open(Dir, "./a/.././../outside/")),
        ["trailing dotdot slash"] = (Errno.NotCapable, w => w.Open(Dir, "../")),
        ["absolute host path"] = (Errno.NotCapable, w => w.Open(Dir, "/etc/passwd")),
        ["absolute guest path"] = (Errno.NotCapable, w => w.Open(Dir, "/sandbox/file.txt")),
        ["symlink to /etc"] = (Errno.NotCapable, w => w.Open(Dir, "etc-link/passwd")),
        ["final symlink to /etc/passwd"] = (Errno.NotCapable, w => w.Open(Dir, "passwd-link")),
        ["relative symlink to the sibling"] = (Errno.NotCapable, w => w.Open(Dir, "up/secret.txt")),
        ["final relative symlink out"] = (Errno.NotCapable, w => w.Open(Dir, "upfile")),
        ["symlink to dotdot in a subdirectory"] = (Errno.NotCapable, w => w.Open(Dir, "a/parent/a/parent/../outside/secret.txt")),
        ["symlink loop"] = (Errno.Loop, w => w.Open(Dir, "loop1")),
        ["self symlink"] = (Errno.Loop, w => w.Open(Dir, "self/x")),
        ["chain of 50 symlinks"] = (Errno.Loop, w => w.Open(Dir, "c0")),
        ["create through a dangling symlink pointing out"] = (Errno.NotCapable, w => w.Open(Dir, "dangling", OpenFlags.Create)),
        ["mkdir outside"] = (Errno.NotCapable, w => w.PathCall("path_create_directory", Dir, "../outside/newdir")),
        ["mkdir through symlink"] = (Errno.NotCapable, w => w.PathCall("path_create_directory", Dir, "up/newdir")),
        ["unlink outside"] = (Errno.NotCapable, w => w.PathCall("path_unlink_file", Dir, "../outside/secret.txt")),
        ["unlink through symlink"] = (Errno.NotCapable, w => w.PathCall("path_unlink_file", Dir, "up/secret.txt")),
        ["rmdir outside"] = (Errno.NotCapable, w => w.PathCall("path_remove_directory", Dir, "../outside")),
        ["rename out of the preopen"] = (Errno.NotCapable, w => Rename(w, "file.txt", "../outside/moved.txt")),
        ["rename into the preopen"] = (Errno.NotCapable, w => Rename(w, "../outside/secret.txt", "stolen.txt")),
        ["rename through symlink"] = (Errno.NotCapable, w => Rename(w, "up/secret.txt", "stolen.txt")),
        ["hard link from outside"] = (Errno.NotCapable, w => Link(w, "../outside/secret.txt", "hard", follow: false)),
        ["hard link following a symlink out"] = (Errno.NotCapable, w => Link(w, "upfile", "hard", follow: true)),
        ["hard link to outside"] = (Errno.NotCapable, w => Link(w, "file.txt", "../outside/hard", follow: false)),
        ["create an absolute symlink"] = (Errno.NotCapable, w => Symlink(w, "/etc/passwd", "abs")),
        ["create a symlink outside"] = (Errno.NotCapable, w => Symlink(w, "file.txt", "../outside/link")),
        ["stat outside"] = (Errno.NotCapable, w => w.Call("path_filestat_get", Dir, 1, WasiHarness.Scratch, w.Write(WasiHarness.Scratch, "../outside/secret.txt"), 600)),
        ["stat through symlink"] = (Errno.NotCapable, w => w.Call("path_filestat_get", Dir, 1, WasiHarness.Scratch, w.Write(WasiHarness.Scratch, "upfile"), 600)),
        ["set times outside"] = (Errno.NotCapable, w => w.Call("path_filestat_set_times", Dir, 1, WasiHarness.Scratch, w.Write(WasiHarness.Scratch, "../outside/secret.txt"), 0L, 0L, 2 | 8)),
        ["readlink outside"] = (Errno.NotCapable, w => w.Call("path_readlink", Dir, WasiHarness.Scratch, w.Write(WasiHarness.Scratch, "../outside/x"), 700, 100, WasiHarness.Out)),
        ["dotdot from an opened subdirectory"] = (Errno.NotCapable, w => w.Open(w.OpenOk(Dir, "a", OpenFlags.Directory), "../file.txt")),
        ["path with a NUL byte"] = (Errno.Invalid, w => w.Call("path_open", Dir, 1, WasiHarness.Scratch, w.Write(WasiHarness.Scratch, "a\0/../../etc/passwd"), 0, -1L, -1L, 0, WasiHarness.Out)),
        ["path pointer past memory"] = (Errno.Fault, w => w.Call("path_open", Dir, 1, PastEnd, 100, 0, -1L, -1L, 0, WasiHarness.Out)),
        ["result pointer past memory"] = (Errno.Fault, w => w.Call("path_open", Dir, 1, WasiHarness.Scratch, w.Write(WasiHarness.Scratch, "file.txt"), 0, -1L, -1L, 0, PastEnd)),
        ["huge iovec count"] = (Errno.Invalid, w => w.Call("fd_write", 1, 0, int.MaxValue, WasiHarness.Out)),
        ["iovec buffer past memory"] = (Errno.Fault, w => WriteVector(w, PastEnd, 64)),
        ["iovec buffer wrapping around"] = (Errno.Fault, w => WriteVector(w, 0xFFFF_FFF0, 0x20)),
        ["readdir on a renumbered-away descriptor"] = (Errno.BadFileDescriptor, ReaddirAfterRenumber),
        ["path_open on a closed preopen"] = (Errno.BadFileDescriptor, w => w.Call("fd_close", Dir) == Errno.Success ? w.Open(Dir, "file.txt") : Errno.Success),
        ["regaining a dropped right"] = (Errno.NotCapable, w => w.Call("fd_fdstat_set_rights", Dir, (long)Rights.PathOpen, 0L) == Errno.Success ? w.Call("fd_fdstat_set_rights", Dir, (long)Rights.All, 0L) : Errno.Success),
        ["path op after dropping its right"] = (Errno.NotCapable, w => w.Call("fd_fdstat_set_rights", Dir, (long)Rights.PathOpen, (long)Rights.All) == Errno.Success ? w.PathCall("path_unlink_file", Dir, "file.txt") : Errno.Success),
    };

    public static TheoryData<string> AttemptNames() => [.. Attempts.Keys];

    [Fact]
    public void ThereAreAtLeastThirtyDistinctAttempts() => Assert.True(Attempts.Count >= 30);

    [Theory]
    [MemberData(nameof(AttemptNames))]
    public void EscapeAttemptIsRefused(string name)
    {
        using var wasi = new WasiHarness();
        Populate(wasi);
        var before = Snapshot(wasi);

        var errno = Attempts[name].Attempt(wasi);

        Assert.Equal(Attempts[name].Expected, errno);
        Assert.Equal("secret.txt=secret", wasi.DescribeOutside());
        Assert.Equal(["outside", "sandbox"], Directory.EnumerateFileSystemEntries(wasi.Root).Select(Path.GetFileName).Order());
        Assert.Equal(before, Snapshot(wasi));
    }

    [Theory]
    [InlineData("write to a file")]
    [InlineData("create a file")]
    [InlineData("truncate a file")]
    [InlineData("open for writing")]
    [InlineData("mkdir")]
    [InlineData("unlink")]
    [InlineData("rename")]
    [InlineData("symlink")]
    [InlineData("set size")]
    [InlineData("set times")]
    public void AReadOnlyPreopenRefusesEveryChange(string attempt)
    {
        using var wasi = new WasiHarness(readOnly: true);
        Populate(wasi);
        var before = Snapshot(wasi);
        var mtime = File.GetLastWriteTimeUtc(wasi.SandboxPath("file.txt"));

        var errno = attempt switch
        {
            "write to a file" => wasi.WriteText(wasi.OpenOk(Dir, "file.txt", rights: Rights.FdRead | Rights.FdSeek), "x"),
            "create a file" => wasi.Open(Dir, "new.txt", OpenFlags.Create, Rights.FdRead),
            "truncate a file" => wasi.Open(Dir, "file.txt", OpenFlags.Truncate, Rights.FdRead),
            "open for writing" => wasi.Open(Dir, "file.txt", rights: Rights.FdWrite),
            "mkdir" => wasi.PathCall("path_create_directory", Dir, "newdir"),
            "unlink" => wasi.PathCall("path_unlink_file", Dir, "file.txt"),
            "rename" => Rename(wasi, "file.txt", "renamed.txt"),
            "symlink" => Symlink(wasi, "file.txt", "link"),
            "set size" => wasi.Call("fd_filestat_set_size", wasi.OpenOk(Dir, "file.txt", rights: Rights.All & ~(Rights.FdWrite | Rights.FdAllocate | Rights.FdFilestatSetSize)), 0L),
            _ => wasi.Call("path_filestat_set_times", Dir, 1, WasiHarness.Scratch, wasi.Write(WasiHarness.Scratch, "file.txt"), 0L, 0L, 2 | 8),
        };

        Assert.Equal(Errno.NotCapable, errno);
        Assert.Equal(before, Snapshot(wasi));
        Assert.Equal("inside", File.ReadAllText(wasi.SandboxPath("file.txt")));
        Assert.Equal(mtime, File.GetLastWriteTimeUtc(wasi.SandboxPath("file.txt")));
    }

    [Fact]
    public void TheGuestSeesPreopenNamesNeverHostPaths()
    {
        using var wasi = new WasiHarness();

        Assert.Equal(Errno.Success, wasi.Call("fd_prestat_get", Dir, 600));
        var length = wasi.ReadU32(604);
        Assert.Equal(Errno.Success, wasi.Call("fd_prestat_dir_name", Dir, 700, length));
        Assert.Equal("/sandbox", wasi.ReadString(700, length));
        Assert.DoesNotContain(wasi.Root, wasi.Memory.ReadString(0, 65536));
    }

    private static void Populate(WasiHarness wasi)
    {
        Directory.CreateDirectory(wasi.SandboxPath("a"));
        File.WriteAllText(wasi.SandboxPath("file.txt"), "inside");
        File.CreateSymbolicLink(wasi.SandboxPath("etc-link"), "/etc");
        File.CreateSymbolicLink(wasi.SandboxPath("passwd-link"), "/etc/passwd");
        File.CreateSymbolicLink(wasi.SandboxPath("up"), "../outside");
        File.CreateSymbolicLink(wasi.SandboxPath("upfile"), "../outside/secret.txt");
        File.CreateSymbolicLink(wasi.SandboxPath("dangling"), "../outside/created.txt");
        File.CreateSymbolicLink(wasi.SandboxPath("a/parent"), "..");
        File.CreateSymbolicLink(wasi.SandboxPath("loop1"), "loop2");
        File.CreateSymbolicLink(wasi.SandboxPath("loop2"), "loop1");
        File.CreateSymbolicLink(wasi.SandboxPath("self"), "self");
        for (var i = 0; i < 50; i++)
        {
            File.CreateSymbolicLink(wasi.SandboxPath($"c{i}"), i == 49 ? "file.txt" : $"c{i + 1}");
        }
    }

    // Not recursive: the sandbox holds symlinks to /etc and to itself, which a recursive walk would follow.
    private static string Snapshot(WasiHarness wasi) => string.Join("\n", Directory
        .EnumerateFileSystemEntries(wasi.Sandbox)
        .Concat(Directory.EnumerateFileSystemEntries(wasi.SandboxPath("a")))
        .Order()
        .Select(p => Path.GetRelativePath(wasi.Sandbox, p)));

    private static Errno Rename(WasiHarness w, string from, string to) =>
        w.Call("path_rename", Dir, WasiHarness.Scratch, w.Write(WasiHarness.Scratch, from), Dir, Second, w.Write(Second, to));

    private static Errno Link(WasiHarness w, string from, string to, bool follow) =>
        w.Call("path_link", Dir, follow ? 1 : 0, WasiHarness.Scratch, w.Write(WasiHarness.Scratch, from), Dir, Second, w.Write(Second, to));

    private static Errno Symlink(WasiHarness w, string target, string link) =>
        w.Call("path_symlink", WasiHarness.Scratch, w.Write(WasiHarness.Scratch, target), Dir, Second, w.Write(Second, link));

    private static Errno WriteVector(WasiHarness w, uint buffer, uint length)
    {
        w.Memory.WriteInt32(WasiHarness.Scratch, (int)buffer);
        w.Memory.WriteInt32(WasiHarness.Scratch + 4, (int)length);
        return w.Call("fd_write", 1, WasiHarness.Scratch, 1, WasiHarness.Out);
    }

    private static Errno ReaddirAfterRenumber(WasiHarness w)
    {
        var directory = w.OpenOk(Dir, "a", OpenFlags.Directory);
        var file = w.OpenOk(Dir, "file.txt");
        Assert.Equal(Errno.Success, w.Call("fd_renumber", directory, file));
        return w.Call("fd_readdir", directory, 1000, 200, 0L, WasiHarness.Out);
    }
}
