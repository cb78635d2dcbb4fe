using Wisp.Cli;

namespace Wisp.Tests.Cli;

/// <summary>The CLI's standard output and error writers: opened on first write, UTF-8 without a byte order mark.</summary>
public class StandardStreamWriterTests
{
    [Fact]
    public void TheStreamIsOpenedOnTheFirstWriteOnly()
    {
        var opened = 0;
        var stream = new MemoryStream();
        var writer = new StandardStreamWriter(() =>
        {
            opened++;
            return stream;
        });

        writer.Flush();
        Assert.Equal(0, opened);

        writer.Write("h\u00e9");
        writer.WriteLine('!');
        writer.WriteLine("line");
        Assert.Equal(1, opened);
        Assert.Equal("h\u00e9!\nline\n"u8.ToArray(), stream.ToArray());
    }
}
