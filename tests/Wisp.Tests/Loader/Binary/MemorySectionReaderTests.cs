using Wisp.Loader.Binary;
using Wisp.Model;

namespace Wisp.Tests.Loader.Binary;

public class MemorySectionReaderTests
{
    [Fact]
    public void ReadsLimits()
    {
        var module = ModuleDecoder.Decode(BinaryModule.Of((5, [0x01, 0x01, 0x01, 0x80, 0x80, 0x04])));

        Assert.Equal(new MemoryType(new Limits(1, 65536)), Assert.Single(module.Memories));
    }

    [Theory]
    [InlineData(new byte[] { 0x02 }, "integer too large")]
    [InlineData(new byte[] { 0x10, 0x00 }, "integer too large")]
    [InlineData(new byte[] { 0x81, 0x01, 0x00, 0x00 }, "integer representation too long")]
    public void LimitsFlagIsA1BitInteger(byte[] limits, string reason)
    {
        Assert.Equal(reason, BinaryModule.Reject(BinaryModule.Of((5, [0x01, .. limits]))).Reason);
    }

    [Fact]
    public void MinimumAbove32BitsIsTooLarge()
    {
        Assert.Equal("integer too large", BinaryModule.Reject(BinaryModule.Of((5, [0x01, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F]))).Reason);
    }
}
