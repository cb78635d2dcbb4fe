namespace Wisp.Wasi;

/// <summary>
/// The guest's file descriptor numbers. A number is reused only after its descriptor is closed,
/// and a closed or renumbered-away number answers <see cref="Errno.BadFileDescriptor"/>.
/// </summary>
internal sealed class FileDescriptorTable : IDisposable
{
    /// <summary>How many descriptors a guest may hold at once (EMFILE past it), so it cannot exhaust the host's.</summary>
    public const int MaxDescriptors = 1024;

    // Indexed by number: a SortedDictionary<int, T> was generic code jitted in every process (start-up),
    // and numbers stay small because the lowest free one is always taken.
    private WasiDescriptor?[] _slots = new WasiDescriptor?[8];
    private int _count;

    public WasiDescriptor Get(int fd) =>
        TryGet(fd, out var descriptor) ? descriptor : throw new WasiErrorException(Errno.BadFileDescriptor);

    /// <summary>The descriptor if it is of kind <typeparamref name="T"/>; else <paramref name="wrongKind"/>.</summary>
    public T Get<T>(int fd, Errno wrongKind)
        where T : WasiDescriptor =>
        Get(fd) as T ?? throw new WasiErrorException(wrongKind);

    public bool TryGet(int fd, out WasiDescriptor descriptor)
    {
        descriptor = (uint)fd < (uint)_slots.Length ? _slots[fd]! : null!;
        return descriptor is not null;
    }

    /// <summary>Stores <paramref name="descriptor"/> under the lowest free number and returns it.</summary>
    public int Add(WasiDescriptor descriptor)
    {
        if (_count >= MaxDescriptors)
        {
            descriptor.Dispose();
            throw new WasiErrorException(Errno.TooManyFiles);
        }

        var fd = Array.IndexOf(_slots, null);
        if (fd < 0)
        {
            fd = _slots.Length;
            Array.Resize(ref _slots, _slots.Length * 2);
        }

        _slots[fd] = descriptor;
        _count++;
        return fd;
    }

    public void Close(int fd)
    {
        var descriptor = Get(fd);
        _slots[fd] = null;
        _count--;
        descriptor.Dispose();
    }

    /// <summary>Moves <paramref name="from"/> to <paramref name="to"/>, closing what <paramref name="to"/> held; both must be open.</summary>
    public void Renumber(int from, int to)
    {
        var descriptor = Get(from);
        var replaced = Get(to);
        if (from == to)
        {
            return;
        }

        _slots[from] = null;
        _slots[to] = descriptor;
        _count--;
        replaced.Dispose();
    }

    public void Dispose()
    {
        for (var fd = 0; fd < _slots.Length; fd++)
        {
            _slots[fd]?.Dispose();
            _slots[fd] = null;
        }

        _count = 0;
    }
}
