using Wisp.Wasi;

namespace Wisp.Tests.Wasi;

public class FileDescriptorTableTests
{
    [Fact]
    public void NumbersAreTheLowestFreeOnesAndReusedAfterClose()
    {
        using var table = new FileDescriptorTable();
        var streams = Enumerable.Range(0, 12).Select(_ => Descriptor()).ToArray();

        // Past the table's first growth (8 slots) as well.
        Assert.Equal(Enumerable.Range(0, 12), streams.Select(table.Add));
        table.Close(3);
        table.Close(9);
        Assert.Equal(3, table.Add(Descriptor()));
        Assert.Equal(9, table.Add(Descriptor()));
        Assert.Equal(12, table.Add(Descriptor()));
    }

    [Fact]
    public void ClosedAndUnknownNumbersAreBadDescriptors()
    {
        using var table = new FileDescriptorTable();
        var descriptor = Descriptor();
        table.Add(descriptor);
        table.Close(0);

        Assert.False(table.TryGet(0, out _));
        Assert.False(table.TryGet(-1, out _));
        Assert.False(table.TryGet(1 << 20, out _));
        Assert.Equal(Errno.BadFileDescriptor, Assert.Throws<WasiErrorException>(() => table.Get(0)).Errno);
        Assert.Equal(Errno.BadFileDescriptor, Assert.Throws<WasiErrorException>(() => table.Close(0)).Errno);
        Assert.False(descriptor.Stream.CanRead);
    }

    [Fact]
    public void RenumberMovesTheDescriptorAndClosesTheOneReplaced()
    {
        using var table = new FileDescriptorTable();
        var moved = Descriptor();
        var replaced = Descriptor();
        table.Add(replaced);
        table.Add(moved);

        table.Renumber(1, 0);

        Assert.Same(moved, table.Get(0));
        Assert.False(table.TryGet(1, out _));
        Assert.False(replaced.Stream.CanRead);
        Assert.Equal(1, table.Add(Descriptor()));
    }

    [Fact]
    public void TooManyDescriptorsIsAnErrorAndTheNewOneIsClosed()
    {
        using var table = new FileDescriptorTable();
        for (var i = 0; i < FileDescriptorTable.MaxDescriptors; i++)
        {
            table.Add(Descriptor());
        }

        var refused = Descriptor();
        Assert.Equal(Errno.TooManyFiles, Assert.Throws<WasiErrorException>(() => table.Add(refused)).Errno);
        Assert.False(refused.Stream.CanRead);
    }

    [Fact]
    public void DisposeClosesEveryDescriptor()
    {
        var table = new FileDescriptorTable();
        var first = Descriptor();
        var second = Descriptor();
        table.Add(first);
        table.Add(second);

        table.Dispose();

        Assert.False(first.Stream.CanRead);
        Assert.False(second.Stream.CanRead);
        Assert.False(table.TryGet(0, out _));
    }

    private static StreamDescriptor Descriptor() => new(new MemoryStream(), isTerminal: false, ownsStream: true);
}
