using System.IO.Compression;
using System.Text;
using Wisp.Cli;

namespace Wisp.Tests.Wasi;

/// <summary>
/// Programs nobody on this project wrote, built from Debian's source packages for wasm32-wasi
/// (<c>examples/third-party</c>), run through <c>wisp run</c> with their results checked against the
/// native programs' bytes and against .NET's own decoders.
/// </summary>
public sealed class ThirdPartyProgramTests : IDisposable
{
    private static readonly string Programs = Path.GetFullPath(Path.Combine(ExampleGuest.Directory, "..", "third-party"));

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("wisp-third-party-");

    public void Dispose() => _directory.Delete(recursive: true);

    private static string Program(string name, string file) => Path.Combine(Programs, name, file);

    private string InDirectory(string name) => Path.Combine(_directory.FullName, name);

    private (int ExitCode, string Output, string Error) WispRun(string module, params string[] guestArguments)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = WispCommandLine.Run(["run", "--env", "HOME=/d", "--dir", $"{_directory.FullName}::/d", module, .. guestArguments], output, error);
        return (exitCode, output.ToString(), error.ToString());
    }

    [Fact]
    public void Bzip2CompressesToNativeBzip2sBytesAndDecompressesBack()
    {
        File.Copy(Program("bzip2", "sample1.ref"), InDirectory("sample1"));

        var compress = WispRun(Program("bzip2", "bzip2.wasm"), "-1", "/d/sample1");

        Assert.True(compress.ExitCode == 0, compress.Error);
        Assert.False(File.Exists(InDirectory("sample1")), "bzip2 removes its input once the output is complete");
        Assert.Equal(File.ReadAllBytes(Program("bzip2", "sample1.bz2")), File.ReadAllBytes(InDirectory("sample1.bz2")));

        var decompress = WispRun(Program("bzip2", "bzip2.wasm"), "-d", "/d/sample1.bz2");

        Assert.True(decompress.ExitCode == 0, decompress.Error);
        Assert.Equal(File.ReadAllBytes(Program("bzip2", "sample1.ref")), File.ReadAllBytes(InDirectory("sample1")));
        Assert.False(File.Exists(InDirectory("sample1.bz2")));
    }

    [Fact]
    public void Bzip2DecompressesItsTestVectorToStandardOutput()
    {
        File.Copy(Program("bzip2", "sample3.bz2"), InDirectory("sample3.bz2"));

        var (exitCode, output, error) = WispRun(Program("bzip2", "bzip2.wasm"), "-dc", "/d/sample3.bz2");

        Assert.True(exitCode == 0, error);
        Assert.Equal(File.ReadAllText(Program("bzip2", "sample3.ref")), output);
        Assert.True(File.Exists(InDirectory("sample3.bz2")), "-c keeps the input");
    }

    [Fact]
    public void Bzip2ReportsACorruptFileAndFails()
    {
        var bytes = File.ReadAllBytes(Program("bzip2", "sample3.bz2"));
        bytes[bytes.Length / 2] ^= 0x55;
        File.WriteAllBytes(InDirectory("corrupt.bz2"), bytes);

        var (exitCode, _, error) = WispRun(Program("bzip2", "bzip2.wasm"), "-t", "/d/corrupt.bz2");

        Assert.Equal(2, exitCode);
        Assert.Contains("data integrity (CRC) error in data", error);
    }

    [Fact]
    public void MinigzipCompressesToNativeZlibsBytesAndDecompressesBack()
    {
        var original = File.ReadAllBytes(Program("zlib", "ChangeLog"));
        File.WriteAllBytes(InDirectory("ChangeLog"), original);

        var compress = WispRun(Program("zlib", "minigzip.wasm"), "-9", "/d/ChangeLog");

        Assert.True(compress.ExitCode == 0, compress.Error);
        var compressed = File.ReadAllBytes(InDirectory("ChangeLog.gz"));
        Assert.Equal(File.ReadAllBytes(Program("zlib", "ChangeLog.gz")), compressed);
        using (var gzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress))
        {
            var decoded = new MemoryStream();
            gzip.CopyTo(decoded);
            Assert.Equal(original, decoded.ToArray());
        }

        var decompress = WispRun(Program("zlib", "minigzip.wasm"), "-d", "/d/ChangeLog.gz");

        Assert.True(decompress.ExitCode == 0, decompress.Error);
        Assert.Equal(original, File.ReadAllBytes(InDirectory("ChangeLog")));
    }

    [Fact]
    public void MinigzipDecompressesWhatDotNetCompressed()
    {
        var text = string.Concat(Enumerable.Range(0, 5000).Select(i => $"line {i} of a file gzipped by .NET\n"));
        using (var file = File.Create(InDirectory("dotnet.txt.gz")))
        using (var gzip = new GZipStream(file, CompressionLevel.SmallestSize))
        {
            gzip.Write(Encoding.ASCII.GetBytes(text));
        }

        var (exitCode, _, error) = WispRun(Program("zlib", "minigzip.wasm"), "-d", "/d/dotnet.txt.gz");

        Assert.True(exitCode == 0, error);
        Assert.Equal(text, File.ReadAllText(InDirectory("dotnet.txt")));
    }

    [Fact]
    public void ZlibsSelfTestPasses()
    {
        var (exitCode, output, error) = WispRun(Program("zlib", "example.wasm"), "/d/foo.gz");

        Assert.True(exitCode == 0, output + error);
        Assert.Equal(
            "zlib version 1.2.13 = 0x12d0, compile flags = 0x95\nuncompress(): hello, hello!\ngzread(): hello, hello!\ngzgets() after gzseek:  hello!\n"
            + "inflate(): hello, hello!\nlarge_inflate(): OK\nafter inflateSync(): hello, hello!\ninflate with dictionary: hello, hello!\n",
            output);
        Assert.True(File.Exists(InDirectory("foo.gz")));
    }

    [Fact]
    public void SqliteCreatesADatabaseFileThatASecondRunReads()
    {
        var create = WispRun(
            Program("sqlite", "sqlite3.wasm"),
            "/d/test.db",
            "create table scores(id integer primary key, name text not null, score real);"
            + "insert into scores(name, score) values ('ada', 9.5), ('grace', 8.25), ('linus', 7);"
            + "create index scores_by_score on scores(score);"
            + "select id, name, score from scores order by score desc;"
            + "select count(*), sum(score) from scores;");

        Assert.True(create.ExitCode == 0, create.Error);
        Assert.Equal("1|ada|9.5\n2|grace|8.25\n3|linus|7.0\n3|24.75\n", create.Output);
        Assert.Empty(create.Error);
        var database = File.ReadAllBytes(InDirectory("test.db"));
        Assert.Equal("SQLite format 3\0", Encoding.ASCII.GetString(database, 0, 16));
        Assert.Equal(0, database.Length % 4096);
        Assert.False(File.Exists(InDirectory("test.db-journal")), "the rollback journal is gone after the commit");

        var read = WispRun(
            Program("sqlite", "sqlite3.wasm"),
            "/d/test.db",
            "update scores set score = score + 1 where name = 'linus';"
            + "select name from scores where score >= 8 order by name;"
            + "pragma integrity_check;"
            + "select no_such_column from scores;");

        Assert.Equal(1, read.ExitCode);
        Assert.Equal("ada\ngrace\nlinus\nok\n", read.Output);
        Assert.Contains("no such column: no_such_column", read.Error);
    }
}
