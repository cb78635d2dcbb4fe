namespace Wisp.Wasi;

/// <summary>
/// The guest's file descriptor numbers. A number is reused only after its descriptor is closed,
/// and a closed or renumbered-away number answers <see cref="Errno.BadFileDescriptor"/>.
/// </summary>
internal sealed class FileDescriptorTable : IDisposable
{
    /// <summary>How many descriptors a guest may hold at once (EMFILE past it), so it cannot exhaust the host's.</summary>
    public const int MaxDescriptors = 1024;

    private readonly SortedDictionary<int, WasiDescriptor> _descriptors = [];

    public WasiDescriptor Get(int fd) =>
        _descriptors.TryGetValue(fd, out var descriptor) ? descriptor : throw new WasiErrorException(Errno.BadFileDescriptor);

    /// <summary>The descriptor if it is of kind <typeparamref name="T"/>; else <paramref name="wrongKind"/>.</summary>
    public T Get<T>(int fd, Errno wrongKind)
        where T : WasiDescriptor =>
        Get(fd) as T ?? throw new WasiErrorException(wrongKind);

    public bool TryGet(int fd, out WasiDescriptor descriptor) => _descriptors.TryGetValue(fd, out descriptor!);

    /// <summary>Stores <paramref name="descriptor"/> under the lowest free number and returns it.</summary>
    public int Add(WasiDescriptor descriptor)
    {
        if (_descriptors.Count >= MaxDescriptors)
        {
            descriptor.Dispose();
            throw new WasiErrorException(Errno.TooManyFiles);
        }

        var fd = 0;
        foreach (var used in _descriptors.Keys)
        {
            if (used != fd)
            {
                break;
            }

            fd++;
        }

        _descriptors[fd] = descriptor;
        return fd;
    }

    public void Close(int fd)
    {
        var descriptor = Get(fd);
        _descriptors.Remove(fd);
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

        _descriptors.Remove(from);
        _descriptors[to] = descriptor;
        replaced.Dispose();
    }

    public IEnumerable<KeyValuePair<int, WasiDescriptor>> All => _descriptors;

    public void Dispose()
    {
        foreach (var descriptor in _descriptors.Values)
        {
            descriptor.Dispose();
        }

        _descriptors.Clear();
    }
}
