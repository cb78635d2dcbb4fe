namespace Wisp.Wasi;

/// <summary>
/// Where a guest path led: the directory (a host descriptor inside the sandbox) that holds the final
/// component, and that component's name, ready for a descriptor-relative (<c>*at</c>) call. The name
/// is never a symlink the caller asked to follow (the resolver has already followed it) and never
/// contains a slash. Disposing closes the directory if the resolver opened it.
/// </summary>
internal sealed class ResolvedPath(int directoryFd, bool ownsDirectory, string name, bool mustBeDirectory) : IDisposable
{
    public int DirectoryFd { get; } = directoryFd;

    /// <summary>A single component, or "." when the path named the directory itself.</summary>
    public string Name { get; } = name;

    /// <summary>The guest path ended in a slash, so only a directory may be named.</summary>
    public bool MustBeDirectory { get; } = mustBeDirectory;

    public void Dispose()
    {
        if (ownsDirectory)
        {
            Libc.Close(DirectoryFd);
        }
    }
}
