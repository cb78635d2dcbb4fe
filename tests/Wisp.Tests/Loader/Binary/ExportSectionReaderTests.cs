using Wisp.Loader.Binary;
using Wisp.Model;

namespace Wisp.Tests.Loader.Binary;

public class ExportSectionReaderTests
{
    [Fact]
    public void ReadsNameKindAndIndex()
    {
        var module = ModuleDecoder.Decode(BinaryModule.Of((7, [0x04, 0x01, (byte)'f', 0x00, 0x05, 0x01, (byte)'t', 0x01, 0x00, 0x01, (byte)'m', 0x02, 0x00, 0x01, (byte)'g', 0x03, 0x81, 0x01])));

        Assert.Equal(new Export("f", ExternalKind.Function, 5), module.Exports[0]);
        Assert.Equal(new Export("t", ExternalKind.Table, 0), module.Exports[1]);
        Assert.Equal(new Export("m", ExternalKind.Memory, 0), module.Exports[2]);
        Assert.Equal(new Export("g", ExternalKind.Global, 129), module.Exports[3]);
    }

    [Fact]
    public void UnknownKindIsMalformed()
    {
        var error = BinaryModule.Reject(BinaryModule.Of((7, [0x01, 0x01, (byte)'x', 0x04, 0x00])));

        Assert.Equal("malformed export kind", error.Reason);
        Assert.Equal(13, error.Offset);
    }

    [Fact]
    public void ExtraExportIsSectionSizeMismatch()
    {
        Assert.Equal("section size mismatch", BinaryModule.Reject(BinaryModule.Of((7, [0x01, 0x01, (byte)'a', 0x00, 0x00, 0x01, (byte)'b', 0x00, 0x00]))).Reason);
    }
}
