using System.Net.Sockets;

namespace Wisp.Wasi;

/// <summary>sock_accept, sock_recv, sock_send, sock_shutdown on sockets the host handed over.</summary>
internal readonly partial struct WasiPreview1
{
    private const uint RecvPeek = 1;
    private const uint RecvWaitAll = 2;

    private Errno SockAccept(int fd, uint flags, uint resultPointer)
    {
        var descriptor = Descriptors.Get<SocketDescriptor>(fd, Errno.NotSocket);
        descriptor.Require(Rights.SockAccept);
        if ((flags & ~(uint)FdFlags.NonBlock) != 0)
        {
            return Errno.Invalid;
        }

        var memory = Memory;
        memory.Require(resultPointer, 4);
        if (descriptor.Flags.HasFlag(FdFlags.NonBlock) && !descriptor.Socket.Poll(0, SelectMode.SelectRead))
        {
            return Errno.Again;
        }

        var connection = descriptor.Socket.Accept();
        connection.Blocking = (flags & (uint)FdFlags.NonBlock) == 0;
        var accepted = new SocketDescriptor(connection, ownsSocket: true) { Flags = (FdFlags)flags };
        memory.WriteUInt32(resultPointer, (uint)Descriptors.Add(accepted));
        return Errno.Success;
    }

    private Errno SockRecv(int fd, uint vectors, uint count, uint flags, uint lengthPointer, uint flagsPointer)
    {
        var descriptor = Descriptors.Get<SocketDescriptor>(fd, Errno.NotSocket);
        descriptor.Require(Rights.FdRead);
        if ((flags & ~(RecvPeek | RecvWaitAll)) != 0)
        {
            return Errno.Invalid;
        }

        var memory = Memory;
        var buffers = memory.ReadIoVectors(vectors, count);
        memory.Require(lengthPointer, 4);
        memory.Require(flagsPointer, 2);
        var socketFlags = ((flags & RecvPeek) != 0 ? SocketFlags.Peek : SocketFlags.None);
        int received;
        if ((flags & RecvWaitAll) != 0)
        {
            // Keep receiving until every buffer is full or the peer closes.
            received = 0;
            foreach (var buffer in buffers)
            {
                var span = buffer.Span;
                while (!span.IsEmpty)
                {
                    var got = descriptor.Socket.Receive(span, socketFlags);
                    if (got == 0)
                    {
                        goto done;
                    }

                    received += got;
                    span = span[got..];
                }
            }
        }
        else
        {
            received = ScatterRead(buffers, span => descriptor.Socket.Receive(span, socketFlags));
        }

    done:
        memory.WriteUInt32(lengthPointer, (uint)received);
        memory.WriteUInt16(flagsPointer, 0);
        return Errno.Success;
    }

    private Errno SockSend(int fd, uint vectors, uint count, uint flags, uint lengthPointer)
    {
        var descriptor = Descriptors.Get<SocketDescriptor>(fd, Errno.NotSocket);
        descriptor.Require(Rights.FdWrite);
        if (flags != 0)
        {
            return Errno.Invalid;
        }

        var memory = Memory;
        var buffers = memory.ReadIoVectors(vectors, count);
        memory.Require(lengthPointer, 4);
        var sent = 0;
        foreach (var buffer in buffers)
        {
            var n = descriptor.Socket.Send(buffer.Span);
            sent += n;
            if (n < buffer.Length)
            {
                break;
            }
        }

        memory.WriteUInt32(lengthPointer, (uint)sent);
        return Errno.Success;
    }

    private Errno SockShutdown(int fd, uint how)
    {
        var descriptor = Descriptors.Get<SocketDescriptor>(fd, Errno.NotSocket);
        descriptor.Require(Rights.SockShutdown);
        var direction = how switch
        {
            1 => SocketShutdown.Receive,
            2 => SocketShutdown.Send,
            3 => SocketShutdown.Both,
            _ => throw new WasiErrorException(Errno.Invalid),
        };
        descriptor.Socket.Shutdown(direction);
        return Errno.Success;
    }
}
