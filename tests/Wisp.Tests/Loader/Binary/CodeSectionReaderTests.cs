using Wisp.Loader.Binary;
using Wisp.Model;

namespace Wisp.Tests.Loader.Binary;

public class CodeSectionReaderTests
{
    private static byte[] WithBodies(params byte[][] entries)
    {
        byte[] functions = [(byte)entries.Length, .. new byte[entries.Length]];
        byte[] code = [(byte)entries.Length, .. entries.SelectMany(e => (byte[])[.. BinaryModule.Leb128((uint)e.Length), .. e])];
        return BinaryModule.Of(BinaryModule.EmptyFunctionType, (3, functions), (10, code));
    }

    [Fact]
    public void ReadsLocalGroupsAndCodeSpan()
    {
        var module = ModuleDecoder.Decode(WithBodies([0x02, 0x02, 0x7F, 0x01, 0x7E, 0x41, 0x00, 0x1A, 0x0B]));
        var body = Assert.Single(module.Bodies);

        Assert.Equal([new LocalGroup(2, ValType.I32), new LocalGroup(1, ValType.I64)], body.Locals);
        Assert.Equal(new byte[] { 0x41, 0x00, 0x1A, 0x0B }, body.Code.ToArray());

        // Header 8, type section 6, function section 4, code section id, size, count, body size.
        Assert.Equal(8 + 6 + 4 + 4 + 5, body.CodeOffset);
    }

    [Fact]
    public void LocalCountsAddingPast32BitsAreTooManyLocals()
    {
        var error = BinaryModule.Reject(WithBodies([0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x7F, 0x02, 0x7E, 0x0B]));

        Assert.Equal("too many locals", error.Reason);
    }

    [Fact]
    public void LocalsBeyondTheHostLimitAreTooManyLocals()
    {
        Assert.NotNull(ModuleDecoder.Decode(WithBodies([0x01, .. BinaryModule.Leb128(CodeSectionReader.MaxLocals), 0x7F, 0x0B])));
        Assert.Equal("too many locals", BinaryModule.Reject(WithBodies([0x01, .. BinaryModule.Leb128(CodeSectionReader.MaxLocals + 1), 0x7F, 0x0B])).Reason);
    }

    [Fact]
    public void UnknownLocalTypeIsMalformed()
    {
        Assert.Equal("malformed value type", BinaryModule.Reject(WithBodies([0x01, 0x01, 0x40, 0x0B])).Reason);
    }

    [Fact]
    public void BodyLongerThanTheModuleIsLengthOutOfBounds()
    {
        var bytes = BinaryModule.Of(BinaryModule.EmptyFunctionType, (3, [0x01, 0x00]), (10, [0x01, 0x7F, 0x00, 0x0B]));

        Assert.Equal("length out of bounds", BinaryModule.Reject(bytes).Reason);
    }

    [Fact]
    public void MissingEndBeforeTheNextBodyIsEndExpected()
    {
        // The first body stops after "drop"; the next body's bytes follow (its size byte 0x05 reads as "else").
        Assert.Equal("END opcode expected", BinaryModule.Reject(WithBodies([0x00, 0x41, 0x01, 0x1A], [0x00, 0x41, 0x01, 0x1A, 0x0B])).Reason);
    }

    [Fact]
    public void MissingEndAtTheEndOfTheModuleIsUnexpectedEndOfSection()
    {
        Assert.Equal("unexpected end of section or function", BinaryModule.Reject(WithBodies([0x00, 0x41, 0x01, 0x1A])).Reason);
    }

    [Fact]
    public void EndFoundBeyondTheBodyIsSectionSizeMismatch()
    {
        // A data section follows; its id 0x0B is where the body's end would be.
        byte[] bytes = [.. WithBodies([0x00, 0x41, 0x01, 0x1A]), 0x0B, 0x01, 0x00];

        Assert.Equal("section size mismatch", BinaryModule.Reject(bytes).Reason);
    }

    [Fact]
    public void InstructionErrorPastTheBodyIsReported()
    {
        // The body's size cuts an over-long LEB128 short; reading on, it is too long.
        byte[] bytes = [.. WithBodies([0x00, 0x41, 0x80, 0x80]), 0x80, 0x80, 0x80, 0x00, 0x0B];
        var error = BinaryModule.Reject(bytes);

        Assert.Equal("integer representation too long", error.Reason);
    }
}
