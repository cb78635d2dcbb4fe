using Wisp.Loader.Binary;
using Wisp.Model;

namespace Wisp.Tests.Loader.Binary;

public class TableSectionReaderTests
{
    [Fact]
    public void ReadsElementTypeAndLimits()
    {
        var module = ModuleDecoder.Decode(BinaryModule.Of((4, [0x02, 0x70, 0x00, 0x05, 0x6F, 0x01, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F])));

        Assert.Equal(new TableType(ValType.FuncRef, new Limits(5, null)), module.Tables[0]);
        Assert.Equal(new TableType(ValType.ExternRef, new Limits(0, uint.MaxValue)), module.Tables[1]);
    }

    [Fact]
    public void NonReferenceElementTypeIsMalformed()
    {
        Assert.Equal("malformed reference type", BinaryModule.Reject(BinaryModule.Of((4, [0x01, 0x7F, 0x00, 0x00]))).Reason);
    }

    [Theory]
    [InlineData(new byte[] { 0x02 }, "integer too large")]
    [InlineData(new byte[] { 0x08, 0x00 }, "integer too large")]
    [InlineData(new byte[] { 0x81, 0x00, 0x00, 0x00 }, "integer representation too long")]
    public void LimitsFlagIsA1BitInteger(byte[] limits, string reason)
    {
        Assert.Equal(reason, BinaryModule.Reject(BinaryModule.Of((4, [0x01, 0x70, .. limits]))).Reason);
    }

    [Fact]
    public void MissingTableIsUnexpectedEndOfSection()
    {
        Assert.Equal("unexpected end of section or function", BinaryModule.Reject(BinaryModule.Of((4, [0x01]))).Reason);
    }
}
