namespace Wisp.Wasi;

/// <summary>A descriptor backed by a host file descriptor (a file or a directory) that this context owns.</summary>
internal abstract class HostDescriptor(int hostFd, Rights rightsBase, Rights rightsInheriting) : WasiDescriptor(rightsBase, rightsInheriting)
{
    private int _hostFd = hostFd;

    public int HostFd => _hostFd >= 0 ? _hostFd : throw new WasiErrorException(Errno.BadFileDescriptor);

    public override void Dispose()
    {
        var fd = Interlocked.Exchange(ref _hostFd, -1);
        if (fd >= 0)
        {
            Libc.Close(fd);
        }
    }
}
