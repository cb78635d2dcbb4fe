using Wisp.Loader.Binary;
using Wisp.Model;

namespace Wisp.Tests.Loader.Binary;

public class ImportSectionReaderTests
{
    private static byte[] Import(string module, string name, params byte[] descriptor) =>
    [
        (byte)module.Length, .. module.Select(c => (byte)c),
        (byte)name.Length, .. name.Select(c => (byte)c),
        .. descriptor,
    ];

    [Fact]
    public void ReadsEveryKind()
    {
        byte[] content =
        [
            0x04,
            .. Import("m", "f", 0x00, 0x00),
            .. Import("m", "t", 0x01, 0x70, 0x01, 0x01, 0x0A),
            .. Import("m", "mem", 0x02, 0x00, 0x02),
            .. Import("m", "g", 0x03, 0x7E, 0x01),
        ];
        var module = ModuleDecoder.Decode(BinaryModule.Of(BinaryModule.EmptyFunctionType, (2, content)));

        Assert.Equal([ExternalKind.Function, ExternalKind.Table, ExternalKind.Memory, ExternalKind.Global], module.Imports.Select(i => i.Kind));
        Assert.Equal(("m", "f", 0u), (module.Imports[0].ModuleName, module.Imports[0].Name, module.Imports[0].TypeIndex));
        Assert.Equal(new TableType(ValType.FuncRef, new Limits(1, 10)), module.Imports[1].Table);
        Assert.Equal(new MemoryType(new Limits(2, null)), module.Imports[2].Memory);
        Assert.Equal(new GlobalType(ValType.I64, Mutable: true), module.Imports[3].Global);
        Assert.Equal(1, module.ImportedFunctionCount);
    }

    [Theory]
    [InlineData(0x04)]
    [InlineData(0x05)]
    [InlineData(0x80)]
    public void UnknownKindIsMalformed(byte kind)
    {
        var error = BinaryModule.Reject(BinaryModule.Of((2, [0x01, 0x00, 0x00, kind])));

        Assert.Equal("malformed import kind", error.Reason);
        Assert.Equal(13, error.Offset);
    }

    [Fact]
    public void GlobalWithBadMutabilityIsMalformed()
    {
        Assert.Equal("malformed mutability", BinaryModule.Reject(BinaryModule.Of((2, [0x01, .. Import("m", "g", 0x03, 0x7F, 0x02)]))).Reason);
    }

    [Fact]
    public void InvalidUtf8NameIsMalformed()
    {
        // 0xC0 0x80 is an overlong encoding of U+0000.
        var error = BinaryModule.Reject(BinaryModule.Of((2, [0x01, 0x02, 0xC0, 0x80, 0x00, 0x00, 0x00])));

        Assert.Equal("malformed UTF-8 encoding", error.Reason);
        Assert.Equal(11, error.Offset);
    }

    [Fact]
    public void NameLongerThanTheModuleIsLengthOutOfBounds()
    {
        Assert.Equal("length out of bounds", BinaryModule.Reject(BinaryModule.Of((2, [0x01, 0x40, 0x00]))).Reason);
    }

    [Fact]
    public void MissingSecondImportIsUnexpectedEndOfSection()
    {
        Assert.Equal("unexpected end of section or function", BinaryModule.Reject(BinaryModule.Of((2, [0x02, .. Import("m", "f", 0x00, 0x00)]))).Reason);
    }
}
