using Wisp.Instructions;

namespace Wisp.Tests.Instructions;

public class OpcodeTableTests
{
    [Fact]
    public void EveryRowIsFoundByItsEncoding()
    {
        foreach (var info in OpcodeTable.All)
        {
            var found = info.Prefix == 0 ? OpcodeTable.FromByte((byte)info.Code) : OpcodeTable.FromPrefixed(info.Prefix, info.Code);
            Assert.Same(info, found);
        }
    }

    [Fact]
    public void MnemonicsAreUniqueExceptTypedSelect()
    {
        var duplicates = OpcodeTable.All.Where(i => i.Opcode != Opcode.SelectTyped)
            .GroupBy(i => i.Mnemonic).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(duplicates);
        Assert.True(OpcodeTable.TryGetByMnemonic("select", out var select));
        Assert.Equal(Opcode.Select, select.Opcode);
    }

    [Fact]
    public void LoadsAndStoresHaveAnAccessWidth()
    {
        foreach (var info in OpcodeTable.All.Where(i => i.Immediate == ImmediateKind.MemArg))
        {
            Assert.Contains(info.AccessWidth, new[] { 1, 2, 4, 8, 16 });
        }
    }
}
