namespace Wisp.Wasi;

/// <summary>
/// A descriptor over a .NET stream: the guest's stdin, stdout or stderr. Reads and writes go straight
/// through to the stream, so output is streamed, never gathered in memory.
/// </summary>
internal sealed class StreamDescriptor(Stream stream, bool isTerminal, bool ownsStream)
    : WasiDescriptor(StreamRights(stream), Rights.None)
{
    public Stream Stream { get; } = stream;

    /// <summary>A terminal is announced as a character device, which is how wasi-libc's isatty decides.</summary>
    public override FileType FileType { get; } = isTerminal ? FileType.CharacterDevice : FileType.Unknown;

    public override void Dispose()
    {
        if (ownsStream)
        {
            Stream.Dispose();
        }
        else if (Stream.CanWrite)
        {
            Stream.Flush();
        }
    }

    private static Rights StreamRights(Stream stream) =>
        (Rights.Stream & ~(Rights.FdRead | Rights.FdWrite))
        | (stream.CanRead ? Rights.FdRead : Rights.None)
        | (stream.CanWrite ? Rights.FdWrite : Rights.None);
}
