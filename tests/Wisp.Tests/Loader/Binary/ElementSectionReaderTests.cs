using Wisp.Loader.Binary;
using Wisp.Model;

namespace Wisp.Tests.Loader.Binary;

public class ElementSectionReaderTests
{
    private static readonly byte[] OffsetZero = [0x41, 0x00, 0x0B];

    private static ElementSegment DecodeSegment(params byte[] segment) =>
        Assert.Single(ModuleDecoder.Decode(BinaryModule.Of((9, [0x01, .. segment]))).Elements);

    [Fact]
    public void Flags0IsActiveOnTable0WithFunctionIndices()
    {
        var segment = DecodeSegment([0x00, .. OffsetZero, 0x02, 0x01, 0xC8, 0x01]);

        Assert.Equal(SegmentMode.Active, segment.Mode);
        Assert.Equal(0u, segment.TableIndex);
        Assert.Equal(OffsetZero, segment.Offset!.Code.ToArray());
        Assert.Equal(ValType.FuncRef, segment.ElementType);
        Assert.Equal([1u, 200u], Assert.IsType<uint[]>(segment.FunctionIndices));
        Assert.Equal(new byte[] { 0xD2, 0x01, 0x0B }, segment.Items[0].Code.ToArray());
        Assert.Equal(new byte[] { 0xD2, 0xC8, 0x01, 0x0B }, segment.Items[1].Code.ToArray());
        Assert.Equal(17, segment.Items[1].Offset);
    }

    [Fact]
    public void Flags1IsPassiveWithElementKind()
    {
        var segment = DecodeSegment(0x01, 0x00, 0x01, 0x03);

        Assert.Equal(SegmentMode.Passive, segment.Mode);
        Assert.Null(segment.Offset);
        Assert.Equal([3u], Assert.IsType<uint[]>(segment.FunctionIndices));
    }

    [Fact]
    public void Flags2IsActiveWithTableIndexAndElementKind()
    {
        var segment = DecodeSegment([0x02, 0x05, .. OffsetZero, 0x00, 0x00]);

        Assert.Equal(SegmentMode.Active, segment.Mode);
        Assert.Equal(5u, segment.TableIndex);
        Assert.Empty(segment.Items);
        Assert.Equal([], Assert.IsType<uint[]>(segment.FunctionIndices));
    }

    [Fact]
    public void Flags3IsDeclarative()
    {
        var segment = DecodeSegment(0x03, 0x00, 0x01, 0x00);

        Assert.Equal(SegmentMode.Declarative, segment.Mode);
        Assert.Equal([0u], Assert.IsType<uint[]>(segment.FunctionIndices));
    }

    [Fact]
    public void Flags4IsActiveOnTable0WithFuncrefExpressions()
    {
        var segment = DecodeSegment([0x04, .. OffsetZero, 0x02, 0xD2, 0x00, 0x0B, 0xD0, 0x70, 0x0B]);

        Assert.Equal(SegmentMode.Active, segment.Mode);
        Assert.Equal(ValType.FuncRef, segment.ElementType);
        Assert.Null(segment.FunctionIndices);
        Assert.Equal(new byte[] { 0xD0, 0x70, 0x0B }, segment.Items[1].Code.ToArray());
    }

    [Fact]
    public void Flags5IsPassiveWithReferenceType()
    {
        var segment = DecodeSegment(0x05, 0x6F, 0x01, 0xD0, 0x6F, 0x0B);

        Assert.Equal(SegmentMode.Passive, segment.Mode);
        Assert.Equal(ValType.ExternRef, segment.ElementType);
        Assert.Single(segment.Items);
    }

    [Fact]
    public void Flags6IsActiveWithTableIndexAndReferenceType()
    {
        var segment = DecodeSegment([0x06, 0x01, .. OffsetZero, 0x70, 0x00]);

        Assert.Equal(SegmentMode.Active, segment.Mode);
        Assert.Equal(1u, segment.TableIndex);
        Assert.Equal(ValType.FuncRef, segment.ElementType);
    }

    [Fact]
    public void Flags7IsDeclarativeWithReferenceType()
    {
        var segment = DecodeSegment(0x07, 0x70, 0x01, 0xD2, 0x00, 0x0B);

        Assert.Equal(SegmentMode.Declarative, segment.Mode);
        Assert.Null(segment.FunctionIndices);
    }

    [Fact]
    public void FlagsAbove7AreMalformed()
    {
        Assert.Equal("malformed elements segment kind", BinaryModule.Reject(BinaryModule.Of((9, [0x01, 0x08, 0x00]))).Reason);
    }

    [Fact]
    public void ElementKindOtherThanFuncIsMalformed()
    {
        Assert.Equal("malformed element kind", BinaryModule.Reject(BinaryModule.Of((9, [0x01, 0x01, 0x01, 0x00]))).Reason);
    }

    [Fact]
    public void NonReferenceTypeIsMalformed()
    {
        Assert.Equal("malformed reference type", BinaryModule.Reject(BinaryModule.Of((9, [0x01, 0x05, 0x7F, 0x01, 0xD2, 0x00, 0x0B]))).Reason);
    }

    [Fact]
    public void MissingSegmentIsUnexpectedEnd()
    {
        Assert.StartsWith("unexpected end", BinaryModule.Reject(BinaryModule.Of((9, [0x02, 0x00, .. OffsetZero, 0x01, 0x00]))).Reason);
    }
}
