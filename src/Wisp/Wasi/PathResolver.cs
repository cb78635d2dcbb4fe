using System.Text;

namespace Wisp.Wasi;

/// <summary>
/// Resolves guest paths inside a directory descriptor, which is the sandbox's boundary. The walk is
/// done component by component with descriptor-relative calls that never follow a symlink on their
/// own: every symlink is read and spliced into the remaining path here, so that
/// <list type="bullet">
/// <item>absolute paths, and symlinks whose target is absolute, are refused (<see cref="Errno.NotCapable"/>);</item>
/// <item><c>..</c> pops a directory this walk opened, and at the starting directory is refused;</item>
/// <item>more than <see cref="MaxSymlinks"/> symlinks in one resolution end with <see cref="Errno.Loop"/>.</item>
/// </list>
/// A directory swapped for a symlink during the walk makes the <c>O_NOFOLLOW</c> open fail rather than escape.
/// </summary>
internal static unsafe class PathResolver
{
    /// <summary>Linux's limit of symlinks followed in one lookup.</summary>
    public const int MaxSymlinks = 40;

    private const int MaxPathLength = 4096;

    /// <param name="start">Where the path is resolved from; the walk never leaves it.</param>
    /// <param name="path">The guest path.</param>
    /// <param name="followFinal">Whether a symlink as the last component is followed (<c>lookupflags.symlink_follow</c>).</param>
    public static ResolvedPath Resolve(OpenDirectory start, string path, bool followFinal)
    {
        if (path.Length == 0)
        {
            throw new WasiErrorException(Errno.NoEntry);
        }

        if (path.Length > MaxPathLength)
        {
            throw new WasiErrorException(Errno.NameTooLong);
        }

        if (path[0] == '/')
        {
            throw new WasiErrorException(Errno.NotCapable);
        }

        // "dir/" names dir itself (and requires a directory); trimming keeps it the final component.
        var mustBeDirectory = path.EndsWith('/');
        var pending = new Stack<string>();
        PushComponents(pending, path.TrimEnd('/'));
        if (mustBeDirectory)
        {
            followFinal = true;
        }

        // The directories opened so far, innermost last; the start descriptor is not ours to close.
        var opened = new Stack<int>();
        var symlinks = 0;
        try
        {
            while (true)
            {
                var current = opened.Count > 0 ? opened.Peek() : start.HostFd;
                if (pending.Count == 0)
                {
                    return Finish(opened, current, ".", mustBeDirectory);
                }

                var component = pending.Pop();
                if (component is "." or "")
                {
                    continue;
                }

                if (component == "..")
                {
                    if (opened.Count == 0)
                    {
                        throw new WasiErrorException(Errno.NotCapable);
                    }

                    Libc.Close(opened.Pop());
                    continue;
                }

                var isLast = pending.Count == 0;
                if (isLast)
                {
                    if (followFinal && TryReadLink(current, component, out var finalTarget))
                    {
                        Splice(pending, finalTarget, ref symlinks);
                        continue;
                    }

                    return Finish(opened, current, component, mustBeDirectory);
                }

                var next = Libc.OpenAt(current, component, Libc.OReadOnly | Libc.ODirectory | Libc.ONoFollow | Libc.OCloseOnExec, 0);
                if (next >= 0)
                {
                    opened.Push(next);
                    continue;
                }

                var error = HostErrno.Last();
                if (TryReadLink(current, component, out var target))
                {
                    Splice(pending, target, ref symlinks);
                    continue;
                }

                throw new WasiErrorException(error == Errno.Loop ? Errno.NotDirectory : error);
            }
        }
        catch
        {
            while (opened.Count > 0)
            {
                Libc.Close(opened.Pop());
            }

            throw;
        }
    }

    private static ResolvedPath Finish(Stack<int> opened, int current, string name, bool mustBeDirectory)
    {
        var owns = opened.Count > 0;
        if (owns)
        {
            // Keep the innermost directory; close the ones above it, which are no longer needed.
            opened.Pop();
            while (opened.Count > 0)
            {
                Libc.Close(opened.Pop());
            }
        }

        return new ResolvedPath(current, owns, name, mustBeDirectory);
    }

    private static void Splice(Stack<string> pending, string target, ref int symlinks)
    {
        if (++symlinks > MaxSymlinks)
        {
            throw new WasiErrorException(Errno.Loop);
        }

        if (target.Length == 0)
        {
            throw new WasiErrorException(Errno.NoEntry);
        }

        // An absolute target names a host path: outside any capability the guest holds.
        if (target[0] == '/')
        {
            throw new WasiErrorException(Errno.NotCapable);
        }

        PushComponents(pending, target);
    }

    private static void PushComponents(Stack<string> pending, string path)
    {
        var components = path.Split('/');
        for (var i = components.Length - 1; i >= 0; i--)
        {
            pending.Push(components[i]);
        }
    }

    /// <summary>Reads the target if <paramref name="name"/> in <paramref name="directory"/> is a symlink.</summary>
    public static bool TryReadLink(int directory, string name, out string target)
    {
        var buffer = stackalloc byte[MaxPathLength];
        var length = Libc.ReadLinkAt(directory, name, buffer, MaxPathLength);
        if (length < 0)
        {
            target = "";
            return false;
        }

        target = Encoding.UTF8.GetString(buffer, (int)length);
        return true;
    }
}
