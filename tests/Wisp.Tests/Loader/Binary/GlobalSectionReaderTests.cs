using Wisp.Loader.Binary;
using Wisp.Model;

namespace Wisp.Tests.Loader.Binary;

public class GlobalSectionReaderTests
{
    [Fact]
    public void ReadsTypeAndInitializerBytesUpToEnd()
    {
        var module = ModuleDecoder.Decode(BinaryModule.Of((6, [0x02, 0x7F, 0x00, 0x41, 0x2A, 0x0B, 0x7E, 0x01, 0x42, 0x7F, 0x0B])));

        Assert.Equal(new GlobalType(ValType.I32, Mutable: false), module.Globals[0].Type);
        Assert.Equal(new byte[] { 0x41, 0x2A, 0x0B }, module.Globals[0].Initializer.Code.ToArray());
        Assert.Equal(13, module.Globals[0].Initializer.Offset);
        Assert.Equal(new GlobalType(ValType.I64, Mutable: true), module.Globals[1].Type);
        Assert.Equal(new byte[] { 0x42, 0x7F, 0x0B }, module.Globals[1].Initializer.Code.ToArray());
    }

    [Fact]
    public void InitializerMayHoldSeveralInstructionsAndBlocks()
    {
        // i32.const 1; block; end; i32.const 11 (its immediate is the byte 0x0B); end
        byte[] expression = [0x41, 0x01, 0x02, 0x40, 0x0B, 0x41, 0x0B, 0x0B];
        var module = ModuleDecoder.Decode(BinaryModule.Of((6, [0x01, 0x7F, 0x00, .. expression])));

        Assert.Equal(expression, module.Globals[0].Initializer.Code.ToArray());
    }

    [Theory]
    [InlineData(0x02)]
    [InlineData(0xFF)]
    public void BadMutabilityIsMalformed(byte mutability)
    {
        var error = BinaryModule.Reject(BinaryModule.Of((6, [0x01, 0x7F, mutability, 0x41, 0x00, 0x0B])));

        Assert.Equal("malformed mutability", error.Reason);
        Assert.Equal(12, error.Offset);
    }

    [Fact]
    public void InitializerRunningIntoTheNextSectionMeetsItsIdAsAnOpcode()
    {
        // The code section id 0x0A is read as an instruction: there is no opcode 0x0A.
        var bytes = BinaryModule.Raw(0x06, 0x05, 0x01, 0x7F, 0x00, 0x41, 0x00, 0x0A, 0x01, 0x00);

        Assert.StartsWith("illegal opcode", BinaryModule.Reject(bytes).Reason);
    }

    [Fact]
    public void InitializerAtTheEndOfTheModuleIsUnexpectedEndOfSection()
    {
        Assert.Equal("unexpected end of section or function", BinaryModule.Reject(BinaryModule.Of((6, [0x01, 0x7F, 0x00, 0x41, 0x00]))).Reason);
    }

    [Fact]
    public void ElseOutsideAnIfIsEndExpected()
    {
        Assert.Equal("END opcode expected", BinaryModule.Reject(BinaryModule.Of((6, [0x01, 0x7F, 0x00, 0x41, 0x00, 0x05, 0x0B]))).Reason);
    }

    [Fact]
    public void TypedSelectWithManyTypesIsLeftToTheValidator()
    {
        // select (result i32 i32): decodable; the type count is a validation matter ("invalid result arity").
        byte[] expression = [0x1C, 0x02, 0x7F, 0x7F, 0x0B];
        var module = ModuleDecoder.Decode(BinaryModule.Of((6, [0x01, 0x7F, 0x00, .. expression])));

        Assert.Equal(expression, module.Globals[0].Initializer.Code.ToArray());
    }
}
