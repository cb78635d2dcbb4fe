using System.Text;
using Wisp.Wasi;

namespace Wisp.Tests.Wasi;

public sealed class FdTests : IDisposable
{
    private const uint PastEnd = 2 * 65536 - 2;
    private readonly WasiHarness _wasi = new();

    public void Dispose() => _wasi.Dispose();

    private int CreateFile(string name, string content)
    {
        File.WriteAllText(_wasi.SandboxPath(name), content);
        return _wasi.OpenOk(WasiHarness.Preopen, name);
    }

    [Fact]
    public void WritesToStdoutAndStderrAreStreamedToTheConfiguredStreams()
    {
        Assert.Equal(Errno.Success, _wasi.WriteText(1, "out"));
        Assert.Equal(3u, _wasi.ReadU32(WasiHarness.Out));
        Assert.Equal(Errno.Success, _wasi.WriteText(2, "err"));

        Assert.Equal("out", Encoding.UTF8.GetString(_wasi.StandardOutput.ToArray()));
        Assert.Equal("err", Encoding.UTF8.GetString(_wasi.StandardError.ToArray()));
    }

    [Fact]
    public void StdinIsRead()
    {
        _wasi.StandardInput.Write("typed"u8);
        _wasi.StandardInput.Position = 0;

        Assert.Equal("typed", _wasi.ReadText(0));
        Assert.Equal("", _wasi.ReadText(0));
    }

    [Fact]
    public void ATextWriterReceivesDecodedOutputEvenWhenACharacterIsSplit()
    {
        var writer = new StringWriter();
        using var wasi = new WasiHarness(c => c.WithStandardOutput(writer));
        var bytes = Encoding.UTF8.GetBytes("é");

        wasi.Memory.GetSpan(900, 2)[0] = bytes[0];
        wasi.Memory.WriteInt32(800, 900);
        wasi.Memory.WriteInt32(804, 1);
        Assert.Equal(Errno.Success, wasi.Call("fd_write", 1, 800, 1, 808));
        wasi.Memory.GetSpan(900, 2)[0] = bytes[1];
        Assert.Equal(Errno.Success, wasi.Call("fd_write", 1, 800, 1, 808));

        Assert.Equal("é", writer.ToString());
    }

    [Fact]
    public void GatheredWritesAndScatteredReadsUseEveryBuffer()
    {
        var fd = _wasi.OpenOk(WasiHarness.Preopen, "v.txt", OpenFlags.Create);
        _wasi.Write(2000, "abc");
        _wasi.Write(2100, "defg");
        _wasi.Memory.WriteInt32(1000, 2000);
        _wasi.Memory.WriteInt32(1004, 3);
        _wasi.Memory.WriteInt32(1008, 2100);
        _wasi.Memory.WriteInt32(1012, 4);

        Assert.Equal(Errno.Success, _wasi.Call("fd_write", fd, 1000, 2, WasiHarness.Out));
        Assert.Equal(7u, _wasi.ReadU32(WasiHarness.Out));
        Assert.Equal("abcdefg", File.ReadAllText(_wasi.SandboxPath("v.txt")));

        Assert.Equal(Errno.Success, _wasi.Call("fd_seek", fd, 0L, 0, WasiHarness.Out));
        _wasi.Memory.WriteInt32(1004, 2);
        Assert.Equal(Errno.Success, _wasi.Call("fd_read", fd, 1000, 2, WasiHarness.Out));
        Assert.Equal(6u, _wasi.ReadU32(WasiHarness.Out));
        Assert.Equal("ab", _wasi.ReadString(2000, 2));
        Assert.Equal("cdef", _wasi.ReadString(2100, 4));
    }

    [Fact]
    public void ReadAndWriteOnABadDescriptorAreBadf()
    {
        Assert.Equal(Errno.BadFileDescriptor, _wasi.WriteText(77, "x"));
        Assert.Equal(Errno.BadFileDescriptor, _wasi.Call("fd_read", 77, WasiHarness.Scratch, 1, WasiHarness.Out));
        Assert.Equal(Errno.BadFileDescriptor, _wasi.Call("fd_read", -1, WasiHarness.Scratch, 1, WasiHarness.Out));
    }

    [Fact]
    public void ReadAndWriteOnADirectoryAreEisdir()
    {
        Assert.Equal(Errno.IsDirectory, _wasi.WriteText(WasiHarness.Preopen, "x"));
        var sub = Directory.CreateDirectory(_wasi.SandboxPath("d"));
        var fd = _wasi.OpenOk(WasiHarness.Preopen, "d", OpenFlags.Directory, Rights.All & ~Rights.FdWrite);

        Assert.Equal(Errno.IsDirectory, _wasi.Call("fd_read", fd, WasiHarness.Scratch, 1, WasiHarness.Out));
        Assert.True(sub.Exists);
    }

    [Fact]
    public void WritingNeedsTheWriteRight()
    {
        var fd = CreateFile("ro.txt", "keep");
        Assert.Equal(Errno.Success, _wasi.Call("fd_fdstat_set_rights", fd, (long)(Rights.FdRead | Rights.FdSeek), 0L));

        Assert.Equal(Errno.NotCapable, _wasi.WriteText(fd, "lost"));
        Assert.Equal("keep", File.ReadAllText(_wasi.SandboxPath("ro.txt")));
    }

    [Fact]
    public void ClosedDescriptorsAreBadf()
    {
        var fd = CreateFile("c.txt", "x");

        Assert.Equal(Errno.Success, _wasi.Call("fd_close", fd));
        Assert.Equal(Errno.BadFileDescriptor, _wasi.Call("fd_close", fd));
        Assert.Equal(Errno.BadFileDescriptor, _wasi.Call("fd_fdstat_get", fd, WasiHarness.Out));
    }

    [Fact]
    public void NewDescriptorsReuseTheLowestFreeNumber()
    {
        var a = CreateFile("a.txt", "a");
        var b = CreateFile("b.txt", "b");
        Assert.Equal(Errno.Success, _wasi.Call("fd_close", a));

        Assert.Equal(a, CreateFile("c.txt", "c"));
        Assert.Equal(a + 1, b);
    }

    [Fact]
    public void SeekAndTellMoveTheOffset()
    {
        var fd = CreateFile("s.txt", "0123456789");

        Assert.Equal(Errno.Success, _wasi.Call("fd_seek", fd, 4L, 0, WasiHarness.Out));
        Assert.Equal(4ul, _wasi.ReadU64(WasiHarness.Out));
        Assert.Equal(Errno.Success, _wasi.Call("fd_seek", fd, 2L, 1, WasiHarness.Out));
        Assert.Equal(6ul, _wasi.ReadU64(WasiHarness.Out));
        Assert.Equal(Errno.Success, _wasi.Call("fd_seek", fd, -1L, 2, WasiHarness.Out));
        Assert.Equal(9ul, _wasi.ReadU64(WasiHarness.Out));
        Assert.Equal(Errno.Success, _wasi.Call("fd_tell", fd, WasiHarness.Out));
        Assert.Equal(9ul, _wasi.ReadU64(WasiHarness.Out));
        Assert.Equal("9", _wasi.ReadText(fd));
    }

    [Fact]
    public void SeekErrors()
    {
        var fd = CreateFile("s.txt", "0123456789");

        Assert.Equal(Errno.Invalid, _wasi.Call("fd_seek", fd, -1L, 0, WasiHarness.Out));
        Assert.Equal(Errno.Invalid, _wasi.Call("fd_seek", fd, 0L, 3, WasiHarness.Out));
        Assert.Equal(Errno.InvalidSeek, _wasi.Call("fd_seek", 1, 0L, 0, WasiHarness.Out));
        Assert.Equal(Errno.InvalidSeek, _wasi.Call("fd_tell", 0, WasiHarness.Out));
        Assert.Equal(Errno.BadFileDescriptor, _wasi.Call("fd_seek", 99, 0L, 0, WasiHarness.Out));
        Assert.Equal(Errno.Fault, _wasi.Call("fd_seek", fd, 0L, 0, PastEnd));
    }

    [Fact]
    public void PositionalReadAndWriteLeaveTheOffsetAlone()
    {
        var fd = CreateFile("p.txt", "abcdef");
        _wasi.Write(2000, "XY");
        _wasi.Memory.WriteInt32(1000, 2000);
        _wasi.Memory.WriteInt32(1004, 2);

        Assert.Equal(Errno.Success, _wasi.Call("fd_pwrite", fd, 1000, 1, 2L, WasiHarness.Out));
        Assert.Equal(2u, _wasi.ReadU32(WasiHarness.Out));
        Assert.Equal("abXYef", File.ReadAllText(_wasi.SandboxPath("p.txt")));
        _wasi.Memory.WriteInt32(1004, 3);
        Assert.Equal(Errno.Success, _wasi.Call("fd_pread", fd, 1000, 1, 3L, WasiHarness.Out));
        Assert.Equal("Yef", _wasi.ReadString(2000, 3));
        Assert.Equal(Errno.Success, _wasi.Call("fd_tell", fd, WasiHarness.Out));
        Assert.Equal(0ul, _wasi.ReadU64(WasiHarness.Out));
        Assert.Equal(Errno.InvalidSeek, _wasi.Call("fd_pread", 0, 1000, 1, 0L, WasiHarness.Out));
        Assert.Equal(Errno.IsDirectory, _wasi.Call("fd_pwrite", WasiHarness.Preopen, 1000, 1, 0L, WasiHarness.Out));
    }

    [Fact]
    public void FdstatDescribesTypeFlagsAndRights()
    {
        var fd = _wasi.OpenOk(WasiHarness.Preopen, "f.txt", OpenFlags.Create, Rights.FdRead | Rights.FdWrite, FdFlags.Append);

        Assert.Equal(Errno.Success, _wasi.Call("fd_fdstat_get", fd, 600));
        Assert.Equal((byte)FileType.RegularFile, _wasi.Memory.ReadByte(600));
        Assert.Equal((short)FdFlags.Append, _wasi.Memory.ReadInt16(602));
        Assert.Equal((ulong)(Rights.FdRead | Rights.FdWrite), _wasi.ReadU64(608));

        Assert.Equal(Errno.Success, _wasi.Call("fd_fdstat_get", WasiHarness.Preopen, 600));
        Assert.Equal((byte)FileType.Directory, _wasi.Memory.ReadByte(600));
        Assert.Equal((ulong)Rights.All, _wasi.ReadU64(616));
        Assert.Equal(Errno.Fault, _wasi.Call("fd_fdstat_get", fd, PastEnd));
        Assert.Equal(Errno.BadFileDescriptor, _wasi.Call("fd_fdstat_get", 50, 600));
    }

    [Fact]
    public void FdstatSetFlagsTurnsAppendOnAndOff()
    {
        var fd = CreateFile("a.txt", "start");
        Assert.Equal(Errno.Success, _wasi.Call("fd_fdstat_set_flags", fd, (int)FdFlags.Append));
        Assert.Equal(Errno.Success, _wasi.WriteText(fd, "+end"));
        Assert.Equal("start+end", File.ReadAllText(_wasi.SandboxPath("a.txt")));

        Assert.Equal(Errno.Success, _wasi.Call("fd_fdstat_set_flags", fd, 0));
        Assert.Equal(Errno.Success, _wasi.Call("fd_seek", fd, 0L, 0, WasiHarness.Out));
        Assert.Equal(Errno.Success, _wasi.WriteText(fd, "S"));
        Assert.Equal("Start+end", File.ReadAllText(_wasi.SandboxPath("a.txt")));
        Assert.Equal(Errno.Invalid, _wasi.Call("fd_fdstat_set_flags", fd, 0x100));
        Assert.Equal(Errno.BadFileDescriptor, _wasi.Call("fd_fdstat_set_flags", 42, 0));
    }

    [Fact]
    public void RightsCanBeDroppedButNeverRegained()
    {
        var fd = CreateFile("r.txt", "x");

        Assert.Equal(Errno.Success, _wasi.Call("fd_fdstat_set_rights", fd, (long)Rights.FdRead, 0L));
        Assert.Equal(Errno.NotCapable, _wasi.Call("fd_fdstat_set_rights", fd, (long)(Rights.FdRead | Rights.FdWrite), 0L));
        Assert.Equal(Errno.NotCapable, _wasi.Call("fd_seek", fd, 0L, 0, WasiHarness.Out));
        Assert.Equal(Errno.BadFileDescriptor, _wasi.Call("fd_fdstat_set_rights", 42, 0L, 0L));
    }

    [Fact]
    public void FilestatReportsSizeTypeAndTimes()
    {
        var fd = CreateFile("st.txt", "12345");
        File.SetLastWriteTimeUtc(_wasi.SandboxPath("st.txt"), new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc));

        Assert.Equal(Errno.Success, _wasi.Call("fd_filestat_get", fd, 600));
        Assert.NotEqual(0ul, _wasi.ReadU64(608));
        Assert.Equal((byte)FileType.RegularFile, _wasi.Memory.ReadByte(616));
        Assert.Equal(1ul, _wasi.ReadU64(624));
        Assert.Equal(5ul, _wasi.ReadU64(632));
        Assert.Equal(981173106ul * 1_000_000_000, _wasi.ReadU64(648));
        Assert.Equal(Errno.Success, _wasi.Call("fd_filestat_get", 1, 600));
        Assert.Equal(Errno.Fault, _wasi.Call("fd_filestat_get", fd, PastEnd));
        Assert.Equal(Errno.BadFileDescriptor, _wasi.Call("fd_filestat_get", 40, 600));
    }

    [Fact]
    public void FilestatSetSizeTruncatesAndExtends()
    {
        var fd = CreateFile("t.txt", "0123456789");

        Assert.Equal(Errno.Success, _wasi.Call("fd_filestat_set_size", fd, 4L));
        Assert.Equal("0123", File.ReadAllText(_wasi.SandboxPath("t.txt")));
        Assert.Equal(Errno.Success, _wasi.Call("fd_filestat_set_size", fd, 6L));
        Assert.Equal(6, new FileInfo(_wasi.SandboxPath("t.txt")).Length);
        Assert.Equal(Errno.Invalid, _wasi.Call("fd_filestat_set_size", fd, -1L));
        Assert.Equal(Errno.IsDirectory, _wasi.Call("fd_filestat_set_size", WasiHarness.Preopen, 0L));
    }

    [Fact]
    public void FilestatSetTimesSetsOrKeepsEachTime()
    {
        var fd = CreateFile("tm.txt", "x");
        var path = _wasi.SandboxPath("tm.txt");
        var atime = File.GetLastAccessTimeUtc(path);

        Assert.Equal(Errno.Success, _wasi.Call("fd_filestat_set_times", fd, 0L, 1_000_000_000_000_000_000L, 4));
        Assert.Equal(DateTime.UnixEpoch.AddSeconds(1_000_000_000), File.GetLastWriteTimeUtc(path));
        Assert.Equal(atime, File.GetLastAccessTimeUtc(path));
        Assert.Equal(Errno.Invalid, _wasi.Call("fd_filestat_set_times", fd, 0L, 0L, 1 | 2));
        Assert.Equal(Errno.Invalid, _wasi.Call("fd_filestat_set_times", fd, 0L, 0L, 4 | 8));
        Assert.Equal(Errno.Success, _wasi.Call("fd_filestat_set_times", fd, 0L, 0L, 2 | 8));
        Assert.True(File.GetLastWriteTimeUtc(path) > DateTime.UtcNow.AddMinutes(-5));
    }

    [Fact]
    public void SyncAdviseAndAllocate()
    {
        var fd = CreateFile("y.txt", "data");

        Assert.Equal(Errno.Success, _wasi.Call("fd_sync", fd));
        Assert.Equal(Errno.Success, _wasi.Call("fd_datasync", fd));
        Assert.Equal(Errno.Success, _wasi.Call("fd_sync", 1));
        Assert.Equal(Errno.Success, _wasi.Call("fd_advise", fd, 0L, 4L, 1));
        Assert.Equal(Errno.Invalid, _wasi.Call("fd_advise", fd, 0L, 4L, 6));
        Assert.Equal(Errno.Success, _wasi.Call("fd_allocate", fd, 0L, 100L));
        Assert.Equal(100, new FileInfo(_wasi.SandboxPath("y.txt")).Length);
        Assert.Equal(Errno.Invalid, _wasi.Call("fd_allocate", fd, 0L, 0L));
        Assert.Equal(Errno.BadFileDescriptor, _wasi.Call("fd_sync", 99));
        Assert.Equal(Errno.BadFileDescriptor, _wasi.Call("fd_datasync", 99));
        Assert.Equal(Errno.BadFileDescriptor, _wasi.Call("fd_advise", 99, 0L, 0L, 0));
        Assert.Equal(Errno.BadFileDescriptor, _wasi.Call("fd_allocate", 99, 0L, 1L));
    }

    [Fact]
    public void PrestatNamesThePreopen()
    {
        Assert.Equal(Errno.Success, _wasi.Call("fd_prestat_get", WasiHarness.Preopen, 600));
        Assert.Equal(0, _wasi.Memory.ReadByte(600));
        Assert.Equal(8u, _wasi.ReadU32(604));
        Assert.Equal(Errno.Success, _wasi.Call("fd_prestat_dir_name", WasiHarness.Preopen, 700, 8));
        Assert.Equal("/sandbox", _wasi.ReadString(700, 8));

        Assert.Equal(Errno.NameTooLong, _wasi.Call("fd_prestat_dir_name", WasiHarness.Preopen, 700, 3));
        Assert.Equal(Errno.BadFileDescriptor, _wasi.Call("fd_prestat_get", 4, 600));
        Assert.Equal(Errno.BadFileDescriptor, _wasi.Call("fd_prestat_get", 1, 600));
        Assert.Equal(Errno.Fault, _wasi.Call("fd_prestat_dir_name", WasiHarness.Preopen, PastEnd, 8));
    }

    [Fact]
    public void ReaddirListsEntriesAndResumesFromACookie()
    {
        foreach (var name in new[] { "a", "bb", "ccc" })
        {
            File.WriteAllText(_wasi.SandboxPath(name), name);
        }

        Directory.CreateDirectory(_wasi.SandboxPath("dir"));
        var all = ReadAll(WasiHarness.Preopen, 4096);
        Assert.Equal(["", ".", "..", "a", "bb", "ccc", "dir"], all.Select(e => e.Name).Append("").Order());
        Assert.Equal(FileType.Directory, all.Single(e => e.Name == "dir").Type);
        Assert.Equal(FileType.RegularFile, all.Single(e => e.Name == "bb").Type);

        // A buffer that holds barely one entry at a time still yields every entry, by cookie.
        var small = ReadAll(WasiHarness.Preopen, 24 + 3);
        Assert.Equal(all.Select(e => e.Name), small.Select(e => e.Name));
    }

    [Fact]
    public void ReaddirErrors()
    {
        var fd = CreateFile("f", "x");

        Assert.Equal(Errno.NotDirectory, _wasi.Call("fd_readdir", fd, 1000, 100, 0L, WasiHarness.Out));
        Assert.Equal(Errno.BadFileDescriptor, _wasi.Call("fd_readdir", 50, 1000, 100, 0L, WasiHarness.Out));
        Assert.Equal(Errno.Fault, _wasi.Call("fd_readdir", WasiHarness.Preopen, PastEnd, 100, 0L, WasiHarness.Out));
        Assert.Equal(Errno.Success, _wasi.Call("fd_readdir", WasiHarness.Preopen, 1000, 100, 1000L, WasiHarness.Out));
        Assert.Equal(0u, _wasi.ReadU32(WasiHarness.Out));
    }

    [Fact]
    public void RenumberMovesADescriptorAndClosesTheTarget()
    {
        var a = CreateFile("a", "AAA");
        var b = CreateFile("b", "BBB");

        Assert.Equal(Errno.Success, _wasi.Call("fd_renumber", a, b));
        Assert.Equal("AAA", _wasi.ReadText(b));
        Assert.Equal(Errno.BadFileDescriptor, _wasi.Call("fd_read", a, WasiHarness.Scratch, 0, WasiHarness.Out));
        Assert.Equal(Errno.BadFileDescriptor, _wasi.Call("fd_renumber", a, b));
        Assert.Equal(Errno.BadFileDescriptor, _wasi.Call("fd_renumber", b, 60));
    }

    [Fact]
    public void HugeIovecCountsAreRefused()
    {
        Assert.Equal(Errno.Invalid, _wasi.Call("fd_write", 1, 0, 1_000_000_000, WasiHarness.Out));
        Assert.Equal(Errno.Invalid, _wasi.Call("fd_read", 0, 0, -1, WasiHarness.Out));
        Assert.Equal(Errno.Fault, _wasi.Call("fd_write", 1, PastEnd, 2, WasiHarness.Out));
    }

    [Fact]
    public void IovecBuffersPastMemoryAreFaultsAndWriteNothing()
    {
        _wasi.Memory.WriteInt32(1000, (int)PastEnd);
        _wasi.Memory.WriteInt32(1004, 100);

        Assert.Equal(Errno.Fault, _wasi.Call("fd_write", 1, 1000, 1, WasiHarness.Out));
        Assert.Empty(_wasi.StandardOutput.ToArray());
    }

    [Fact]
    public void TheUnstableModuleNumbersWhenceDifferently()
    {
        using var wasi = new WasiHarness(module: "wasi_unstable");
        File.WriteAllText(wasi.SandboxPath("u.txt"), "0123456789");
        var fd = wasi.OpenOk(WasiHarness.Preopen, "u.txt");

        Assert.Equal(Errno.Success, wasi.Call("fd_seek", fd, -3L, 1, WasiHarness.Out)); // 1 = end in wasi_unstable
        Assert.Equal(7ul, wasi.ReadU64(WasiHarness.Out));
        Assert.Equal(Errno.Success, wasi.Call("fd_seek", fd, 2L, 2, WasiHarness.Out)); // 2 = set
        Assert.Equal(2ul, wasi.ReadU64(WasiHarness.Out));
        Assert.Equal(Errno.Success, wasi.Call("fd_filestat_get", fd, 600));
        Assert.Equal(1u, wasi.ReadU32(620)); // nlink is a u32 at 20
        Assert.Equal(10ul, wasi.ReadU64(624)); // size at 24
    }

    private List<(string Name, FileType Type, ulong Next)> ReadAll(int fd, uint bufferSize)
    {
        var entries = new List<(string, FileType, ulong)>();
        ulong cookie = 0;
        while (true)
        {
            Assert.Equal(Errno.Success, _wasi.Call("fd_readdir", fd, 4000, bufferSize, cookie, WasiHarness.Out));
            var used = _wasi.ReadU32(WasiHarness.Out);
            uint at = 0;
            var progressed = false;
            while (at + 24 <= used)
            {
                var next = _wasi.ReadU64(4000 + at);
                var length = _wasi.ReadU32(4000 + at + 16);
                if (at + 24 + length > used)
                {
                    break;
                }

                entries.Add((_wasi.ReadString(4000 + at + 24, length), (FileType)_wasi.Memory.ReadByte(4000 + at + 20), next));
                cookie = next;
                progressed = true;
                at += 24 + length;
            }

            if (used < bufferSize)
            {
                return entries;
            }

            Assert.True(progressed, "a buffer too small for one entry");
        }
    }
}
