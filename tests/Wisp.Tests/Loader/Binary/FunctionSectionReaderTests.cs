using Wisp.Loader.Binary;

namespace Wisp.Tests.Loader.Binary;

public class FunctionSectionReaderTests
{
    [Fact]
    public void ReadsTypeIndices()
    {
        var module = ModuleDecoder.Decode(BinaryModule.Of(
            BinaryModule.EmptyFunctionType,
            (3, [0x02, 0x00, 0x80, 0x01]),
            (10, [0x02, 0x02, 0x00, 0x0B, 0x02, 0x00, 0x0B])));

        Assert.Equal([0u, 128u], module.FunctionTypeIndices);
    }

    [Fact]
    public void IndexAbove32BitsIsTooLarge()
    {
        Assert.Equal("integer too large", BinaryModule.Reject(BinaryModule.Of((3, [0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x1F]))).Reason);
    }

    [Fact]
    public void IndexWithSixBytesIsTooLong()
    {
        Assert.Equal("integer representation too long", BinaryModule.Reject(BinaryModule.Of((3, [0x01, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00]))).Reason);
    }
}
