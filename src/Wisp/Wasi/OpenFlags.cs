namespace Wisp.Wasi;

/// <summary>witx <c>oflags</c> of <c>path_open</c>.</summary>
[Flags]
public enum OpenFlags : ushort
{
    None = 0,
    Create = 1,
    Directory = 2,
    Exclusive = 4,
    Truncate = 8,
}
