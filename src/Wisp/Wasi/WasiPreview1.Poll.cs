using System.Buffers.Binary;
using System.Net.Sockets;

namespace Wisp.Wasi;

/// <summary>
/// poll_oneoff. Regular files are always ready (as on POSIX, and in Wasmtime); sockets, and stdio that
/// is a host pipe, terminal or socket, are asked (<see cref="Waiter"/>); streams only .NET knows (a
/// MemoryStream) never block, so they are ready. Clock subscriptions fire after their timeout, measured
/// by <see cref="IWasiClock.Sleep"/> so a test clock decides how long waiting takes.
/// </summary>
internal readonly partial struct WasiPreview1
{
    private const uint SubscriptionSize = 48;
    private const uint UnstableSubscriptionSize = 56;
    private const uint EventSize = 32;

    /// <summary>The most subscriptions one call takes, bounding what a guest can make the host allocate.</summary>
    private const uint MaxSubscriptions = 4096;

    private enum EventType : byte
    {
        Clock = 0,
        FdRead = 1,
        FdWrite = 2,
    }

    private Errno PollOneoff(uint subscriptions, uint events, uint count, uint resultPointer)
    {
        if (count == 0 || count > MaxSubscriptions)
        {
            return Errno.Invalid;
        }

        var memory = Memory;
        var subscriptionSize = layout == WasiLayout.Preview1 ? SubscriptionSize : UnstableSubscriptionSize;
        memory.Require(subscriptions, count * subscriptionSize);
        memory.Require(events, count * EventSize);
        memory.Require(resultPointer, 4);

        var clocks = new List<(ulong UserData, ulong Timeout)>();
        var ready = new List<Event>();
        var waiting = new List<Waiter>();
        for (uint i = 0; i < count; i++)
        {
            var at = subscriptions + (i * subscriptionSize);
            var userData = memory.ReadUInt64(at);
            var type = memory.ReadByte(at + 8);
            switch (type)
            {
                case (byte)EventType.Clock:
                    // Preview1: id@16 timeout@24 flags@40. wasi_unstable puts an identifier u64 first: id@24 timeout@32 flags@48.
                    var clockAt = at + (layout == WasiLayout.Preview1 ? 16u : 24u);
                    var clockId = memory.ReadUInt32(clockAt);
                    var timeout = memory.ReadUInt64(clockAt + 8);
                    var absolute = (memory.ReadUInt16(clockAt + 24) & 1) != 0;
                    if (clockId > (uint)ClockId.ThreadCpuTime)
                    {
                        ready.Add(new Event(userData, Errno.Invalid, EventType.Clock, 0));
                        break;
                    }

                    if (absolute)
                    {
                        var now = context.Clock.Now((ClockId)clockId);
                        timeout = timeout > now ? timeout - now : 0;
                    }

                    clocks.Add((userData, timeout));
                    break;
                case (byte)EventType.FdRead or (byte)EventType.FdWrite:
                    var eventType = (EventType)type;
                    var fd = (int)memory.ReadUInt32(at + 16);
                    AddFdSubscription(userData, eventType, fd, ready, waiting);
                    break;
                default:
                    return Errno.Invalid;
            }
        }

        while (true)
        {
            foreach (var waiter in waiting)
            {
                if (waiter.Poll() is { } readyEvent)
                {
                    ready.Add(readyEvent);
                }
            }

            foreach (var clock in clocks.Where(c => c.Timeout == 0))
            {
                ready.Add(new Event(clock.UserData, Errno.Success, EventType.Clock, 0));
            }

            if (ready.Count > 0 || (clocks.Count == 0 && waiting.Count == 0))
            {
                break;
            }

            var nearest = clocks.Count > 0 ? clocks.Min(c => c.Timeout) : ulong.MaxValue;
            var waited = Wait(waiting, nearest);
            for (var i = 0; i < clocks.Count; i++)
            {
                clocks[i] = clocks[i] with { Timeout = clocks[i].Timeout > waited ? clocks[i].Timeout - waited : 0 };
            }
        }

        for (var i = 0; i < ready.Count; i++)
        {
            ready[i].Write(memory, events + ((uint)i * EventSize));
        }

        memory.WriteUInt32(resultPointer, (uint)ready.Count);
        return Errno.Success;
    }

    private void AddFdSubscription(ulong userData, EventType type, int fd, List<Event> ready, List<Waiter> waiting)
    {
        if (!Descriptors.TryGet(fd, out var descriptor))
        {
            ready.Add(new Event(userData, Errno.BadFileDescriptor, type, 0));
            return;
        }

        if ((descriptor.RightsBase & Rights.PollFdReadwrite) == 0 || (type == EventType.FdRead ? descriptor.RightsBase & Rights.FdRead : descriptor.RightsBase & Rights.FdWrite) == 0 && descriptor is not SocketDescriptor)
        {
            ready.Add(new Event(userData, Errno.NotCapable, type, 0));
            return;
        }

        switch (descriptor)
        {
            case SocketDescriptor socket:
                waiting.Add(new Waiter(userData, type, socket.Socket, -1));
                break;
            case StreamDescriptor { Socket: { } socket }:
                waiting.Add(new Waiter(userData, type, socket, -1));
                break;
            case StreamDescriptor { HostFd: >= 0 } stream when Libc.IsSupported:
                waiting.Add(new Waiter(userData, type, null, stream.HostFd));
                break;
            case OpenFile file when type == EventType.FdRead:
                var status = FileStatus.OfDescriptor(file.HostFd);
                var position = Libc.Seek(file.HostFd, 0, 1);
                ready.Add(new Event(userData, Errno.Success, type, position < 0 ? 0 : status.Size > (ulong)position ? status.Size - (ulong)position : 0));
                break;
            default:
                ready.Add(new Event(userData, Errno.Success, type, 0));
                break;
        }
    }

    /// <summary>Waits until a waiter may be ready or <paramref name="timeout"/> ns pass; returns the nanoseconds counted as waited.</summary>
    private ulong Wait(List<Waiter> waiting, ulong timeout)
    {
        if (waiting.Count == 0)
        {
            context.Clock.Sleep(timeout);
            return timeout;
        }

        // Waiters are polled in slices so a clock subscription still fires on time.
        const ulong slice = 10_000_000;
        var step = Math.Min(timeout, slice);
        if (Libc.IsSupported)
        {
            Waiter.WaitForAny(waiting, (int)(step / 1_000_000));
        }
        else
        {
            // Only sockets wait here: without Libc, host-descriptor streams count as always ready.
            var readers = waiting.Where(w => w.Type == EventType.FdRead).Select(w => w.Socket!).ToList();
            var writers = waiting.Where(w => w.Type == EventType.FdWrite).Select(w => w.Socket!).ToList();
            Socket.Select(readers.Count > 0 ? readers : null, writers.Count > 0 ? writers : null, null, (int)(step / 1000));
        }

        return timeout == ulong.MaxValue ? 0 : step;
    }

    /// <summary>witx <c>event</c>: userdata@0, error u16@8, type u8@10, fd_readwrite { nbytes u64@16, flags u16@24 }.</summary>
    private readonly record struct Event(ulong UserData, Errno Error, EventType Type, ulong Bytes, bool HangUp = false)
    {
        public void Write(GuestMemory memory, uint pointer)
        {
            var span = memory.Span(pointer, EventSize);
            span.Clear();
            BinaryPrimitives.WriteUInt64LittleEndian(span, UserData);
            BinaryPrimitives.WriteUInt16LittleEndian(span[8..], (ushort)Error);
            span[10] = (byte)Type;
            BinaryPrimitives.WriteUInt64LittleEndian(span[16..], Bytes);
            BinaryPrimitives.WriteUInt16LittleEndian(span[24..], (ushort)(HangUp ? 1 : 0));
        }
    }
}
