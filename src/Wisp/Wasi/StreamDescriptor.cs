using System.IO.Pipes;
using System.Net.Sockets;

namespace Wisp.Wasi;

/// <summary>
/// A descriptor over a .NET stream: the guest's stdin, stdout or stderr. Reads and writes go straight
/// through to the stream, so output is streamed, never gathered in memory.
/// </summary>
internal sealed class StreamDescriptor(Stream stream, bool isTerminal, bool ownsStream, int hostFd = -1)
    : WasiDescriptor(StreamRights(stream), Rights.None)
{
    public Stream Stream { get; } = stream;

    /// <summary>A terminal is announced as a character device, which is how wasi-libc's isatty decides.</summary>
    public override FileType FileType { get; } = isTerminal ? FileType.CharacterDevice : FileType.Unknown;

    /// <summary>
    /// The host descriptor behind the stream (the process's own stdio, a pipe or a file stream), so that
    /// poll_oneoff can ask the kernel whether it is ready; -1 for a stream only .NET knows, such as a
    /// MemoryStream, which never blocks.
    /// </summary>
    public int HostFd { get; } = hostFd >= 0 ? hostFd : stream switch
    {
        PipeStream pipe => (int)pipe.SafePipeHandle.DangerousGetHandle(),
        FileStream file => (int)file.SafeFileHandle.DangerousGetHandle(),
        _ => -1,
    };

    /// <summary>The socket behind a <see cref="NetworkStream"/>, which poll_oneoff waits on like a socket descriptor.</summary>
    public Socket? Socket { get; } = (stream as NetworkStream)?.Socket;

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
