using Wisp.Loader.Binary;

namespace Wisp.Tests.Loader.Binary;

public class DataCountSectionReaderTests
{
    [Fact]
    public void AbsentDataCountIsNull()
    {
        Assert.Null(ModuleDecoder.Decode(BinaryModule.Of((11, [0x01, 0x01, 0x00]))).DataCount);
    }

    [Fact]
    public void ReadsCount()
    {
        Assert.Equal(1u, ModuleDecoder.Decode(BinaryModule.Of((12, [0x01]), (11, [0x01, 0x01, 0x00]))).DataCount);
    }

    [Fact]
    public void CountWithFiveBytesAbove32BitsIsTooLarge()
    {
        Assert.Equal("integer too large", BinaryModule.Reject(BinaryModule.Of((12, [0x80, 0x80, 0x80, 0x80, 0x10]))).Reason);
    }
}
