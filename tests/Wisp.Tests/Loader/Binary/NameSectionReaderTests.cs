using Wisp.Loader.Binary;

namespace Wisp.Tests.Loader.Binary;

public class NameSectionReaderTests
{
    private static readonly byte[] NameSectionName = [0x04, (byte)'n', (byte)'a', (byte)'m', (byte)'e'];

    private static byte[] Subsection(byte id, params byte[] content) => [id, .. BinaryModule.Leb128((uint)content.Length), .. content];

    private static byte[] Name(string text) => [(byte)text.Length, .. text.Select(c => (byte)c)];

    [Fact]
    public void ReadsModuleFunctionAndLocalNames()
    {
        byte[] content =
        [
            .. NameSectionName,
            .. Subsection(0, Name("mod")),
            .. Subsection(1, [0x02, 0x00, .. Name("f0"), 0x03, .. Name("f3")]),
            .. Subsection(2, [0x01, 0x03, 0x02, 0x00, .. Name("x"), 0x01, .. Name("y")]),
            .. Subsection(7, 0x00), // a later extension (global names): skipped
        ];
        var names = ModuleDecoder.Decode(BinaryModule.Of((0, content))).Names;

        Assert.NotNull(names);
        Assert.Equal("mod", names.ModuleName);
        Assert.Equal("f0", names.FunctionNames[0]);
        Assert.Equal("f3", names.FunctionNames[3]);
        Assert.Equal("y", names.LocalNames[3][1]);
    }

    [Theory]
    [InlineData(new byte[] { 0x01, 0x05, 0x01, 0x00, 0x03, 0x61, 0x62 })] // name runs past its subsection
    [InlineData(new byte[] { 0x01, 0x01, 0x00, 0x00, 0x01, 0x00 })] // subsections out of order
    [InlineData(new byte[] { 0x00, 0x02, 0x01, 0xFF })] // invalid UTF-8
    [InlineData(new byte[] { 0x00, 0x7F })] // subsection size beyond the section
    [InlineData(new byte[] { 0x01, 0x03, 0x01, 0x00, 0x00, 0x55 })] // a subsection header cut short
    public void MalformedNameSectionIsIgnored(byte[] subsections)
    {
        var module = ModuleDecoder.Decode(BinaryModule.Of((0, [.. NameSectionName, .. subsections])));

        Assert.Null(module.Names);
        Assert.Single(module.CustomSections);
    }

    [Fact]
    public void OtherCustomSectionsAreNotNames()
    {
        Assert.Null(ModuleDecoder.Decode(BinaryModule.Of((0, [0x05, (byte)'n', (byte)'a', (byte)'m', (byte)'e', (byte)'s', 0x00, 0x01, 0x00]))).Names);
    }
}
