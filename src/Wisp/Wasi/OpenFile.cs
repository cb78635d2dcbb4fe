namespace Wisp.Wasi;

/// <summary>A non-directory opened with <c>path_open</c>: a regular file, or a device or FIFO inside a preopen.</summary>
internal sealed class OpenFile(int hostFd, FileType fileType, Rights rightsBase, Rights rightsInheriting)
    : HostDescriptor(hostFd, rightsBase, rightsInheriting)
{
    public override FileType FileType { get; } = fileType;
}
