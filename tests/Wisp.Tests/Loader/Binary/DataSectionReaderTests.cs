using Wisp.Loader.Binary;
using Wisp.Model;

namespace Wisp.Tests.Loader.Binary;

public class DataSectionReaderTests
{
    [Fact]
    public void ReadsAllThreeForms()
    {
        var module = ModuleDecoder.Decode(BinaryModule.Of((11,
        [
            0x03,
            0x00, 0x41, 0x08, 0x0B, 0x02, 0xAA, 0xBB,
            0x01, 0x01, 0xCC,
            0x02, 0x01, 0x41, 0x00, 0x0B, 0x00,
        ])));

        var active = module.Data[0];
        Assert.Equal((SegmentMode.Active, 0u), (active.Mode, active.MemoryIndex));
        Assert.Equal(new byte[] { 0x41, 0x08, 0x0B }, active.Offset!.Code.ToArray());
        Assert.Equal(new byte[] { 0xAA, 0xBB }, active.Data.ToArray());

        var passive = module.Data[1];
        Assert.Equal(SegmentMode.Passive, passive.Mode);
        Assert.Null(passive.Offset);
        Assert.Equal(new byte[] { 0xCC }, passive.Data.ToArray());

        var explicitMemory = module.Data[2];
        Assert.Equal((SegmentMode.Active, 1u), (explicitMemory.Mode, explicitMemory.MemoryIndex));
        Assert.True(explicitMemory.Data.IsEmpty);
    }

    [Fact]
    public void FlagsAbove2AreMalformed()
    {
        Assert.Equal("malformed data segment kind", BinaryModule.Reject(BinaryModule.Of((11, [0x01, 0x03, 0x00]))).Reason);
    }

    [Fact]
    public void BytesPastTheModuleEndAreUnexpectedEndOfSection()
    {
        // 7 bytes declared, 6 given: within what the length counts from its own position, so the read runs out.
        Assert.Equal("unexpected end of section or function", BinaryModule.Reject(BinaryModule.Of((11, [0x01, 0x01, 0x07, 1, 2, 3, 4, 5, 6]))).Reason);
    }

    [Fact]
    public void FewerBytesThanDeclaredInTheMiddleIsSectionSizeMismatch()
    {
        Assert.Equal("section size mismatch", BinaryModule.Reject(BinaryModule.Of((11, [0x01, 0x01, 0x01, 0xAA, 0xBB]))).Reason);
    }
}
