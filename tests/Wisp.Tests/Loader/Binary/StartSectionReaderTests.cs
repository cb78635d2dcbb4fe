using Wisp.Loader.Binary;

namespace Wisp.Tests.Loader.Binary;

public class StartSectionReaderTests
{
    [Fact]
    public void ReadsFunctionIndex()
    {
        Assert.Equal(300u, ModuleDecoder.Decode(BinaryModule.Of((8, [0xAC, 0x02]))).StartFunction);
    }

    [Fact]
    public void EmptyStartSectionIsUnexpectedEndOfSection()
    {
        Assert.Equal("unexpected end of section or function", BinaryModule.Reject(BinaryModule.Of((8, []))).Reason);
    }
}
