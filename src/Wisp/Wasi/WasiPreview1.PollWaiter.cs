using System.Net.Sockets;

namespace Wisp.Wasi;

internal readonly partial struct WasiPreview1
{
    /// <summary>
    /// An fd subscription of poll_oneoff whose readiness the host must ask for: a socket, or the host
    /// descriptor (pipe, terminal, FIFO) behind a stdio stream.
    /// </summary>
    private sealed unsafe record Waiter(ulong UserData, EventType Type, Socket? Socket, int HostFd)
    {
        /// <summary>The event if the subscription is ready now, else null.</summary>
        public Event? Poll()
        {
            if (Socket is not null)
            {
                // A listener is readable when a connection waits; it has no bytes to count (FIONREAD fails on it).
                return Socket.Poll(0, Type == EventType.FdRead ? SelectMode.SelectRead : SelectMode.SelectWrite)
                    ? new Event(UserData, Errno.Success, Type, Type == EventType.FdRead && Socket.Connected ? (ulong)Socket.Available : 0)
                    : null;
            }

            var descriptor = new Libc.PollDescriptor { Fd = HostFd, Events = Events };
            if (Libc.Poll(&descriptor, 1, 0) <= 0)
            {
                return null;
            }

            if ((descriptor.ReturnedEvents & Libc.PollInvalid) != 0)
            {
                return new Event(UserData, Errno.BadFileDescriptor, Type, 0);
            }

            // POLLHUP: the writer is gone; a read returns what is left, then end of file.
            var hangUp = (descriptor.ReturnedEvents & Libc.PollHangUp) != 0;
            var bytes = Type == EventType.FdRead ? (ulong)Libc.BytesAvailable(HostFd) : 0;
            return new Event(UserData, Errno.Success, Type, bytes, hangUp);
        }

        /// <summary>Blocks in poll(2) until any of <paramref name="waiters"/> may be ready or the timeout passes.</summary>
        public static void WaitForAny(List<Waiter> waiters, int timeoutMilliseconds)
        {
            var descriptors = new Libc.PollDescriptor[waiters.Count];
            for (var i = 0; i < waiters.Count; i++)
            {
                descriptors[i] = new Libc.PollDescriptor { Fd = waiters[i].Socket is { } socket ? (int)socket.Handle : waiters[i].HostFd, Events = waiters[i].Events };
            }

            fixed (Libc.PollDescriptor* pointer = descriptors)
            {
                // EINTR or a descriptor error only ends the wait early: Poll() then looks at each again.
                _ = Libc.Poll(pointer, (ulong)descriptors.Length, timeoutMilliseconds);
            }
        }

        private short Events => Type == EventType.FdRead ? Libc.PollIn : Libc.PollOut;
    }
}
