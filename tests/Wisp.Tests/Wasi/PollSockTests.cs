using System.IO.Pipes;
using System.Net;
using System.Net.Sockets;
using Wisp.Wasi;

namespace Wisp.Tests.Wasi;

public class PollSockTests
{
    private const uint Subscriptions = 4000;
    private const uint Events = 6000;

    [Fact]
    public void AClockSubscriptionSleepsThroughTheClock()
    {
        var clock = new RecordingClock();
        using var wasi = new WasiHarness(c => c.WithClock(clock));
        Clock(wasi, 0, userData: 9, timeout: 5_000_000);

        Assert.Equal(Errno.Success, wasi.Call("poll_oneoff", Subscriptions, Events, 1, WasiHarness.Out));
        Assert.Equal(1u, wasi.ReadU32(WasiHarness.Out));
        Assert.Equal(9ul, wasi.ReadU64(Events));
        Assert.Equal(0, wasi.Memory.ReadInt16(Events + 8));
        Assert.Equal(0, wasi.Memory.ReadByte(Events + 10));
        Assert.Equal([5_000_000ul], clock.Slept);
    }

    [Fact]
    public void AReadyDescriptorBeatsAClockAndBadOnesReportErrors()
    {
        var clock = new RecordingClock();
        using var wasi = new WasiHarness(c => c.WithClock(clock));
        Clock(wasi, 0, userData: 1, timeout: 1_000_000_000);
        Fd(wasi, 1, userData: 2, type: 2, fd: 1);
        Fd(wasi, 2, userData: 3, type: 1, fd: 99);

        Assert.Equal(Errno.Success, wasi.Call("poll_oneoff", Subscriptions, Events, 3, WasiHarness.Out));
        Assert.Equal(2u, wasi.ReadU32(WasiHarness.Out));
        Assert.Equal(2ul, wasi.ReadU64(Events));
        Assert.Equal(2, wasi.Memory.ReadByte(Events + 10));
        Assert.Equal(3ul, wasi.ReadU64(Events + 32));
        Assert.Equal((short)Errno.BadFileDescriptor, wasi.Memory.ReadInt16(Events + 32 + 8));
        Assert.Empty(clock.Slept);
    }

    [Fact]
    public void AStdinPipeIsReadyOnlyOnceDataOrEndOfFileArrives()
    {
        using var writer = new AnonymousPipeServerStream(PipeDirection.Out);
        using var reader = new AnonymousPipeClientStream(PipeDirection.In, writer.ClientSafePipeHandle);
        using var wasi = new WasiHarness(c => c.WithStandardInput(reader));
        Fd(wasi, 0, userData: 5, type: 1, fd: 0);
        Clock(wasi, 1, userData: 6, timeout: 30_000_000);

        Assert.Equal(Errno.Success, wasi.Call("poll_oneoff", Subscriptions, Events, 2, WasiHarness.Out));
        Assert.Equal(1u, wasi.ReadU32(WasiHarness.Out));
        Assert.Equal(6ul, wasi.ReadU64(Events));

        writer.Write("abc"u8);
        writer.Flush();
        Assert.Equal(Errno.Success, wasi.Call("poll_oneoff", Subscriptions, Events, 2, WasiHarness.Out));
        Assert.Equal(1u, wasi.ReadU32(WasiHarness.Out));
        Assert.Equal(5ul, wasi.ReadU64(Events));
        Assert.Equal(1, wasi.Memory.ReadByte(Events + 10));
        Assert.Equal(3ul, wasi.ReadU64(Events + 16));
        Assert.Equal(0, wasi.Memory.ReadInt16(Events + 24));
        Assert.Equal("abc", wasi.ReadText(0));

        writer.Dispose();
        Assert.Equal(Errno.Success, wasi.Call("poll_oneoff", Subscriptions, Events, 1, WasiHarness.Out));
        Assert.Equal(1u, wasi.ReadU32(WasiHarness.Out));
        Assert.Equal(5ul, wasi.ReadU64(Events));
        Assert.Equal(1, wasi.Memory.ReadInt16(Events + 24));
    }

    [Fact]
    public async Task AStdinPipeWakesAPollWaitingWithoutAClock()
    {
        using var writer = new AnonymousPipeServerStream(PipeDirection.Out);
        using var reader = new AnonymousPipeClientStream(PipeDirection.In, writer.ClientSafePipeHandle);
        using var wasi = new WasiHarness(c => c.WithStandardInput(reader));
        Fd(wasi, 0, userData: 5, type: 1, fd: 0);
        var feeder = Task.Run(async () =>
        {
            await Task.Delay(100);
            writer.Write("late"u8);
            writer.Flush();
        });

        Assert.Equal(Errno.Success, wasi.Call("poll_oneoff", Subscriptions, Events, 1, WasiHarness.Out));
        Assert.Equal(1u, wasi.ReadU32(WasiHarness.Out));
        Assert.Equal(4ul, wasi.ReadU64(Events + 16));
        await feeder;
    }

    [Fact]
    public void AStdoutPipeWithRoomIsWritable()
    {
        using var reader = new AnonymousPipeServerStream(PipeDirection.In);
        using var writer = new AnonymousPipeClientStream(PipeDirection.Out, reader.ClientSafePipeHandle);
        using var wasi = new WasiHarness(c => c.WithStandardOutput(writer));
        Fd(wasi, 0, userData: 8, type: 2, fd: 1);

        Assert.Equal(Errno.Success, wasi.Call("poll_oneoff", Subscriptions, Events, 1, WasiHarness.Out));
        Assert.Equal(1u, wasi.ReadU32(WasiHarness.Out));
        Assert.Equal(8ul, wasi.ReadU64(Events));
        Assert.Equal(2, wasi.Memory.ReadByte(Events + 10));
    }

    [Fact]
    public void ARegularFileIsAlwaysReadableWithItsRemainingBytes()
    {
        var clock = new RecordingClock();
        using var wasi = new WasiHarness(c => c.WithClock(clock));
        File.WriteAllText(wasi.SandboxPath("data.txt"), "0123456789");
        var fd = wasi.OpenOk(WasiHarness.Preopen, "data.txt");
        Assert.Equal("012", wasi.ReadText(fd, 3));
        Fd(wasi, 0, userData: 4, type: 1, fd: fd);
        Fd(wasi, 1, userData: 5, type: 2, fd: fd);
        Clock(wasi, 2, userData: 6, timeout: 1_000_000_000);

        Assert.Equal(Errno.Success, wasi.Call("poll_oneoff", Subscriptions, Events, 3, WasiHarness.Out));
        Assert.Equal(2u, wasi.ReadU32(WasiHarness.Out));
        Assert.Equal(4ul, wasi.ReadU64(Events));
        Assert.Equal(7ul, wasi.ReadU64(Events + 16));
        Assert.Equal(5ul, wasi.ReadU64(Events + 32));
        Assert.Empty(clock.Slept);
    }

    [Fact]
    public void ASocketIsReadableOnlyOnceThePeerSends()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        using var wasi = new WasiHarness(c => c.WithListeningSocket(listener));
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        client.Connect(listener.LocalEndPoint!);
        Fd(wasi, 0, userData: 1, type: 1, fd: 3);
        Assert.Equal(Errno.Success, wasi.Call("poll_oneoff", Subscriptions, Events, 1, WasiHarness.Out));
        Assert.Equal(1ul, wasi.ReadU64(Events));
        Assert.Equal(Errno.Success, wasi.Call("sock_accept", 3, 0, WasiHarness.Out));
        var connection = (int)wasi.ReadU32(WasiHarness.Out);
        Fd(wasi, 0, userData: 2, type: 1, fd: connection);
        Clock(wasi, 1, userData: 3, timeout: 20_000_000);

        Assert.Equal(Errno.Success, wasi.Call("poll_oneoff", Subscriptions, Events, 2, WasiHarness.Out));
        Assert.Equal(1u, wasi.ReadU32(WasiHarness.Out));
        Assert.Equal(3ul, wasi.ReadU64(Events));

        client.Send("hello"u8);
        Assert.Equal(Errno.Success, wasi.Call("poll_oneoff", Subscriptions, Events, 2, WasiHarness.Out));
        Assert.Equal(1u, wasi.ReadU32(WasiHarness.Out));
        Assert.Equal(2ul, wasi.ReadU64(Events));
        Assert.Equal(5ul, wasi.ReadU64(Events + 16));
    }

    [Fact]
    public void PollErrors()
    {
        using var wasi = new WasiHarness();
        Fd(wasi, 0, userData: 1, type: 7, fd: 1);

        Assert.Equal(Errno.Invalid, wasi.Call("poll_oneoff", Subscriptions, Events, 0, WasiHarness.Out));
        Assert.Equal(Errno.Invalid, wasi.Call("poll_oneoff", Subscriptions, Events, 1, WasiHarness.Out));
        Assert.Equal(Errno.Fault, wasi.Call("poll_oneoff", 2 * 65536 - 10, Events, 1, WasiHarness.Out));
        Assert.Equal(Errno.Fault, wasi.Call("poll_oneoff", Subscriptions, Events, 1, 2 * 65536 - 1));
    }

    [Fact]
    public void SocketFunctionsOnNonSocketsAreNotsock()
    {
        using var wasi = new WasiHarness();

        Assert.Equal(Errno.NotSocket, wasi.Call("sock_accept", 1, 0, WasiHarness.Out));
        Assert.Equal(Errno.NotSocket, wasi.Call("sock_recv", 0, WasiHarness.Scratch, 0, 0, WasiHarness.Out, WasiHarness.Out + 4));
        Assert.Equal(Errno.NotSocket, wasi.Call("sock_send", 1, WasiHarness.Scratch, 0, 0, WasiHarness.Out));
        Assert.Equal(Errno.NotSocket, wasi.Call("sock_shutdown", WasiHarness.Preopen, 3));
        Assert.Equal(Errno.BadFileDescriptor, wasi.Call("sock_shutdown", 50, 3));
    }

    [Fact]
    public void APreopenedListenerAcceptsAndEchoes()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        using var wasi = new WasiHarness(c => c.WithListeningSocket(listener));
        // Listeners are numbered right after stdio, before preopened directories (as Wasmtime does).
        const int socketFd = 3;
        Assert.Equal(Errno.Again, AcceptNonBlocking(wasi, socketFd));
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        client.Connect(listener.LocalEndPoint!);
        Assert.Equal(Errno.Success, wasi.Call("sock_accept", socketFd, 0, WasiHarness.Out));
        var connection = (int)wasi.ReadU32(WasiHarness.Out);
        client.Send("ping"u8);

        wasi.Memory.WriteInt32(WasiHarness.Scratch, 3000);
        wasi.Memory.WriteInt32(WasiHarness.Scratch + 4, 64);
        Assert.Equal(Errno.Success, wasi.Call("sock_recv", connection, WasiHarness.Scratch, 1, 0, WasiHarness.Out, WasiHarness.Out + 4));
        wasi.Memory.WriteInt32(WasiHarness.Scratch + 4, (int)wasi.ReadU32(WasiHarness.Out));
        Assert.Equal(Errno.Success, wasi.Call("sock_send", connection, WasiHarness.Scratch, 1, 0, WasiHarness.Out));
        Assert.Equal(Errno.Success, wasi.Call("sock_shutdown", connection, 3));
        Assert.Equal(Errno.Invalid, wasi.Call("sock_shutdown", connection, 0));

        var buffer = new byte[64];
        var received = 0;
        for (int n; (n = client.Receive(buffer.AsSpan(received))) > 0;)
        {
            received += n;
        }

        Assert.Equal("ping", System.Text.Encoding.ASCII.GetString(buffer, 0, received));
    }

    private static Errno AcceptNonBlocking(WasiHarness wasi, int fd)
    {
        Assert.Equal(Errno.Success, wasi.Call("fd_fdstat_set_flags", fd, (int)FdFlags.NonBlock));
        var errno = wasi.Call("sock_accept", fd, 0, WasiHarness.Out);
        Assert.Equal(Errno.Success, wasi.Call("fd_fdstat_set_flags", fd, 0));
        return errno;
    }

    private static void Clock(WasiHarness wasi, uint index, ulong userData, ulong timeout)
    {
        var at = Subscriptions + (index * 48);
        wasi.Memory.GetSpan(at, 48).Clear();
        wasi.Memory.WriteInt64(at, (long)userData);
        wasi.Memory.WriteByte(at + 8, 0);
        wasi.Memory.WriteInt32(at + 16, (int)ClockId.Monotonic);
        wasi.Memory.WriteInt64(at + 24, (long)timeout);
    }

    private static void Fd(WasiHarness wasi, uint index, ulong userData, byte type, int fd)
    {
        var at = Subscriptions + (index * 48);
        wasi.Memory.GetSpan(at, 48).Clear();
        wasi.Memory.WriteInt64(at, (long)userData);
        wasi.Memory.WriteByte(at + 8, type);
        wasi.Memory.WriteInt32(at + 16, fd);
    }

    private sealed class RecordingClock : IWasiClock
    {
        public List<ulong> Slept { get; } = [];

        public ulong Now(ClockId clock) => 0;

        public ulong Resolution(ClockId clock) => 1;

        public void Sleep(ulong nanoseconds) => Slept.Add(nanoseconds);
    }
}
