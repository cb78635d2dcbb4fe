namespace Wisp.Wasi;

/// <summary>witx <c>filetype</c>.</summary>
public enum FileType : byte
{
    Unknown = 0,
    BlockDevice = 1,
    CharacterDevice = 2,
    Directory = 3,
    RegularFile = 4,
    SocketDatagram = 5,
    SocketStream = 6,
    SymbolicLink = 7,
}
