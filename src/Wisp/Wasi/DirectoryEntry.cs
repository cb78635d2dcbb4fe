namespace Wisp.Wasi;

/// <summary>One entry of a directory listing, as <c>fd_readdir</c> reports it (witx <c>dirent</c> plus the name).</summary>
internal readonly record struct DirectoryEntry(ulong Inode, FileType Type, byte[] Name);
