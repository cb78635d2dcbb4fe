using Wisp.Loader.Binary;

namespace Wisp.Tests.Loader.Binary;

public class CustomSectionReaderTests
{
    [Fact]
    public void KeepsNameContentAndOffset()
    {
        var section = Assert.Single(ModuleDecoder.Decode(BinaryModule.Of((0, [0x03, (byte)'a', (byte)'b', (byte)'c', 0x01, 0x02]))).CustomSections);

        Assert.Equal("abc", section.Name);
        Assert.Equal(new byte[] { 0x01, 0x02 }, section.Content.ToArray());
        Assert.Equal(10, section.Offset);
    }

    [Fact]
    public void NameRunningPastTheSectionIsUnexpectedEnd()
    {
        // Size 0, but the name's length byte (0x00) is read from after the section.
        Assert.StartsWith("unexpected end", BinaryModule.Reject(BinaryModule.Raw(0x00, 0x00, 0x00, 0x05, 0x01, 0x00, 0x07, 0x00, 0x00)).Reason);
    }

    [Fact]
    public void MissingNameIsUnexpectedEnd()
    {
        Assert.StartsWith("unexpected end", BinaryModule.Reject(BinaryModule.Raw(0x00, 0x00)).Reason);
    }

    [Fact]
    public void InvalidUtf8NameIsMalformed()
    {
        // 0xED 0xA0 0x80 encodes a surrogate (U+D800).
        Assert.Equal("malformed UTF-8 encoding", BinaryModule.Reject(BinaryModule.Of((0, [0x03, 0xED, 0xA0, 0x80]))).Reason);
    }

    [Fact]
    public void ContentIsNotInterpreted()
    {
        var module = ModuleDecoder.Decode(BinaryModule.Of((0, [0x01, (byte)'x', 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF])));

        Assert.Equal(6, module.CustomSections[0].Content.Length);
    }
}
