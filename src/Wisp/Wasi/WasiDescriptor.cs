namespace Wisp.Wasi;

/// <summary>
/// What a guest file descriptor number refers to, with the rights it carries. Owned by the
/// <see cref="FileDescriptorTable"/>; disposed when the guest closes it or the context ends.
/// </summary>
internal abstract class WasiDescriptor(Rights rightsBase, Rights rightsInheriting) : IDisposable
{
    public abstract FileType FileType { get; }

    public Rights RightsBase { get; set; } = rightsBase;

    public Rights RightsInheriting { get; set; } = rightsInheriting;

    public FdFlags Flags { get; set; }

    /// <summary>Succeeds only if this descriptor holds every right in <paramref name="needed"/>.</summary>
    public void Require(Rights needed)
    {
        if ((RightsBase & needed) != needed)
        {
            throw new WasiErrorException(Errno.NotCapable);
        }
    }

    public abstract void Dispose();
}
