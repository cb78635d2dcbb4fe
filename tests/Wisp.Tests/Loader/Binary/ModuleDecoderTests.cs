using Wisp.Loader.Binary;

namespace Wisp.Tests.Loader.Binary;

public class ModuleDecoderTests
{
    [Fact]
    public void EmptyModuleDecodesToEmptyDefinition()
    {
        var module = ModuleDecoder.Decode(BinaryModule.Header);

        Assert.Empty(module.Types);
        Assert.Empty(module.Imports);
        Assert.Empty(module.FunctionTypeIndices);
        Assert.Empty(module.Bodies);
        Assert.Empty(module.CustomSections);
        Assert.Null(module.StartFunction);
        Assert.Null(module.DataCount);
        Assert.Null(module.Names);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x00, 0x61, 0x73 })]
    [InlineData(new byte[] { 0x00, 0x61, 0x73, 0x6D })]
    [InlineData(new byte[] { 0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00 })]
    public void TruncatedHeaderIsUnexpectedEnd(byte[] bytes)
    {
        Assert.Equal("unexpected end", BinaryModule.Reject(bytes).Reason);
    }

    [Fact]
    public void WrongMagicIsReportedAtOffsetZero()
    {
        var error = BinaryModule.Reject([0x00, 0x41, 0x53, 0x4D, 0x01, 0x00, 0x00, 0x00]);

        Assert.Equal("magic header not detected", error.Reason);
        Assert.Equal(0, error.Offset);
    }

    [Fact]
    public void WrongVersionIsReportedAtOffsetFour()
    {
        var error = BinaryModule.Reject([0x00, 0x61, 0x73, 0x6D, 0x02, 0x00, 0x00, 0x00]);

        Assert.Equal("unknown binary version", error.Reason);
        Assert.Equal(4, error.Offset);
    }

    [Theory]
    [InlineData(0x0D)]
    [InlineData(0x7F)]
    [InlineData(0xFF)]
    public void UnknownSectionIdIsMalformed(byte id)
    {
        var error = BinaryModule.Reject(BinaryModule.Raw(id, 0x00));

        Assert.Equal("malformed section id", error.Reason);
        Assert.Equal(8, error.Offset);
    }

    [Fact]
    public void SectionLongerThanTheModuleIsLengthOutOfBounds()
    {
        var error = BinaryModule.Reject(BinaryModule.Raw(0x01, 0x05, 0x00));

        Assert.Equal("length out of bounds", error.Reason);
        Assert.Equal(9, error.Offset);
    }

    [Fact]
    public void SectionWithUnreadBytesIsSizeMismatch()
    {
        // Type section of size 2 holding a count of zero and one stray byte.
        var error = BinaryModule.Reject(BinaryModule.Raw(0x01, 0x02, 0x00, 0x00));

        Assert.Equal("section size mismatch", error.Reason);
        Assert.Equal(10, error.Offset);
    }

    [Fact]
    public void SectionContentRunningPastItsSizeIsSizeMismatch()
    {
        // Type section declares size 1 but its one type takes 4 bytes, reaching into the bytes after it.
        var error = BinaryModule.Reject(BinaryModule.Raw(0x01, 0x01, 0x01, 0x60, 0x00, 0x00));

        Assert.Equal("section size mismatch", error.Reason);
    }

    [Fact]
    public void RunningOutOfBytesInsideASectionIsUnexpectedEndOfSection()
    {
        // Two types declared, the module ends after the first.
        var error = BinaryModule.Reject(BinaryModule.Raw(0x01, 0x04, 0x02, 0x60, 0x00, 0x00));

        Assert.Equal("unexpected end of section or function", error.Reason);
    }

    [Fact]
    public void SectionsOutOfOrderAreUnexpectedContent()
    {
        var error = BinaryModule.Reject(BinaryModule.Of((3, [0x00]), (1, [0x00])));

        Assert.Equal("unexpected content after last section", error.Reason);
    }

    [Fact]
    public void RepeatedSectionIsUnexpectedContent()
    {
        var error = BinaryModule.Reject(BinaryModule.Of((6, [0x00]), (6, [0x00])));

        Assert.Equal("unexpected content after last section", error.Reason);
    }

    [Fact]
    public void DataCountComesBetweenElementAndCode()
    {
        var module = ModuleDecoder.Decode(BinaryModule.Of((9, [0x00]), (12, [0x00]), (10, [0x00]), (11, [0x00])));

        Assert.Equal(0u, module.DataCount);
        Assert.Equal("unexpected content after last section", BinaryModule.Reject(BinaryModule.Of((10, [0x00]), (12, [0x00]))).Reason);
        Assert.Equal("unexpected content after last section", BinaryModule.Reject(BinaryModule.Of((12, [0x00]), (9, [0x00]))).Reason);
    }

    [Fact]
    public void CustomSectionsMayAppearAnywhereAndAreKeptInOrder()
    {
        var module = ModuleDecoder.Decode(BinaryModule.Of(
            (0, [0x01, (byte)'a', 0x01]),
            BinaryModule.EmptyFunctionType,
            (0, [0x01, (byte)'b']),
            (0, [0x01, (byte)'a', 0x02, 0x03])));

        Assert.Equal(["a", "b", "a"], module.CustomSections.Select(c => c.Name));
        Assert.Equal(new byte[] { 0x02, 0x03 }, module.CustomSections[2].Content.ToArray());
        Assert.Single(module.Types);
    }

    [Fact]
    public void FunctionSectionWithoutCodeSectionIsInconsistent()
    {
        var error = BinaryModule.Reject(BinaryModule.Of(BinaryModule.EmptyFunctionType, (3, [0x01, 0x00])));

        Assert.Equal("function and code section have inconsistent lengths", error.Reason);
    }

    [Fact]
    public void CodeSectionWithoutFunctionSectionIsInconsistent()
    {
        var error = BinaryModule.Reject(BinaryModule.Of((10, [0x01, 0x02, 0x00, 0x0B])));

        Assert.Equal("function and code section have inconsistent lengths", error.Reason);
    }

    [Fact]
    public void DataCountDifferentFromDataSegmentsIsInconsistent()
    {
        var twoPassiveSegments = (byte)11;
        var error = BinaryModule.Reject(BinaryModule.Of((12, [0x03]), (twoPassiveSegments, [0x02, 0x01, 0x00, 0x01, 0x00])));

        Assert.Equal("data count and data section have inconsistent lengths", error.Reason);
        Assert.Equal("data count and data section have inconsistent lengths", BinaryModule.Reject(BinaryModule.Of((12, [0x01]))).Reason);
    }

    [Fact]
    public void DataCountMatchingDataSegmentsIsRecorded()
    {
        var module = ModuleDecoder.Decode(BinaryModule.Of((12, [0x02]), (11, [0x02, 0x01, 0x00, 0x01, 0x00])));

        Assert.Equal(2u, module.DataCount);
        Assert.Equal(2, module.Data.Count);
    }
}
