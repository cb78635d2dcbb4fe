namespace Wisp.Wasi;

/// <summary>witx <c>fdflags</c>: how writes and reads behave on a descriptor.</summary>
[Flags]
public enum FdFlags : ushort
{
    None = 0,
    Append = 1,
    Dsync = 2,
    NonBlock = 4,
    Rsync = 8,
    Sync = 16,
}
