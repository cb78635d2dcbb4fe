namespace Wisp.Wasi;

/// <summary>
/// A directory descriptor: a preopen, or a directory opened beneath one. Paths given with it are
/// resolved by <see cref="PathResolver"/> and can never reach above it.
/// </summary>
internal sealed class OpenDirectory(int hostFd, Rights rightsBase, Rights rightsInheriting, string? preopenName)
    : HostDescriptor(hostFd, rightsBase, rightsInheriting)
{
    public override FileType FileType => FileType.Directory;

    /// <summary>The guest path a preopen is announced under (<c>fd_prestat_dir_name</c>); null for other directories.</summary>
    public string? PreopenName { get; } = preopenName;

    /// <summary>The entries read at the last <c>fd_readdir</c> with cookie 0; later cookies index into it.</summary>
    public IReadOnlyList<DirectoryEntry>? Listing { get; set; }
}
