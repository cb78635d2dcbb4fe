using System.Net.Sockets;

namespace Wisp.Wasi;

/// <summary>A TCP socket: a listener preopened by the host (<c>--tcplisten</c>), or a connection it accepted.</summary>
internal sealed class SocketDescriptor(Socket socket, bool ownsSocket)
    : WasiDescriptor(socket.IsBound && !socket.Connected ? Rights.SockAccept | Rights.PollFdReadwrite | Rights.FdFdstatSetFlags | Rights.FdFilestatGet : Rights.Socket & ~Rights.SockAccept, Rights.Socket & ~Rights.SockAccept)
{
    public Socket Socket { get; } = socket;

    public override FileType FileType => FileType.SocketStream;

    public override void Dispose()
    {
        if (ownsSocket)
        {
            Socket.Dispose();
        }
    }
}
