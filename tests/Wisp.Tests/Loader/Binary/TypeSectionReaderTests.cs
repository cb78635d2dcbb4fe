using Wisp.Loader.Binary;
using Wisp.Model;

namespace Wisp.Tests.Loader.Binary;

public class TypeSectionReaderTests
{
    [Fact]
    public void ReadsParametersAndResults()
    {
        var module = ModuleDecoder.Decode(BinaryModule.Of((1, [0x02, 0x60, 0x02, 0x7F, 0x6F, 0x01, 0x7C, 0x60, 0x00, 0x00])));

        Assert.Equal(2, module.Types.Count);
        Assert.Equal([ValType.I32, ValType.ExternRef], module.Types[0].Parameters);
        Assert.Equal([ValType.F64], module.Types[0].Results);
        Assert.Equal(FunctionType.Empty, module.Types[1]);
    }

    [Fact]
    public void UnknownValueTypeIsMalformed()
    {
        var error = BinaryModule.Reject(BinaryModule.Of((1, [0x01, 0x60, 0x01, 0x7A, 0x00])));

        Assert.Equal("malformed value type", error.Reason);
        Assert.Equal(13, error.Offset);
    }

    [Fact]
    public void FormOtherThanFuncIsMalformed()
    {
        Assert.Equal("malformed function type", BinaryModule.Reject(BinaryModule.Of((1, [0x01, 0x61, 0x00, 0x00]))).Reason);
    }

    [Fact]
    public void FormWithContinuationBitIsTooLong()
    {
        // -0x20 as a two-byte signed LEB128.
        Assert.Equal("integer representation too long", BinaryModule.Reject(BinaryModule.Of((1, [0x01, 0xE0, 0x7F, 0x00, 0x00]))).Reason);
    }

    [Fact]
    public void CountBeyondTheModuleIsLengthOutOfBounds()
    {
        var error = BinaryModule.Reject(BinaryModule.Of((1, [0xFF, 0xFF, 0xFF, 0xFF, 0x0F])));

        Assert.Equal("length out of bounds", error.Reason);
        Assert.Equal(10, error.Offset);
    }
}
