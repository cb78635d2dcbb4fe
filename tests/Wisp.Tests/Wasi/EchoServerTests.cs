using System.Net;
using System.Net.Sockets;
using System.Text;
using Wisp.Cli;

namespace Wisp.Tests.Wasi;

/// <summary>
/// The C echo server example (<c>examples/wasi/echo-server.c</c>) serves real TCP clients on a listening
/// socket handed to it by the host: sock_accept, sock_recv, sock_send and sock_shutdown end to end.
/// </summary>
public sealed class EchoServerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task TheEchoServerEchoesEachConnectionThroughTheEmbeddingApi()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        var endPoint = (IPEndPoint)listener.LocalEndPoint!;

        var server = Task.Run(() => ExampleGuest.Run("echo-server", c => c.WithArguments("3").WithListeningSocket(listener)));
        var replies = new List<byte[]>();
        for (var i = 0; i < 3; i++)
        {
            replies.Add(await EchoAsync(endPoint, Message(i)).WaitAsync(Patience));
        }

        var result = await server.WaitAsync(Patience);

        Assert.True(result.ExitCode == 0, result.Error);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(Message(i), replies[i]);
        }

        Assert.Equal(string.Concat(Enumerable.Range(0, 3).Select(i => $"connection {i + 1}: echoed {Message(i).Length} bytes\n")), result.Output);
    }

    [Fact]
    public async Task WispRunTcplistenHandsTheGuestAListeningSocket()
    {
        var port = FreePort();
        var output = new StringWriter();
        var error = new StringWriter();
        var run = Task.Run(() => WispCommandLine.Run(["run", "--tcplisten", $"127.0.0.1:{port}", ExampleGuest.PathOf("echo-server"), "2"], output, error));
        var endPoint = new IPEndPoint(IPAddress.Loopback, port);

        var first = await EchoAsync(endPoint, Encoding.ASCII.GetBytes("ping\n"), retryUntilListening: run).WaitAsync(Patience);
        var second = await EchoAsync(endPoint, Message(7)).WaitAsync(Patience);
        var exitCode = await run.WaitAsync(Patience);

        Assert.True(exitCode == 0, error.ToString());
        Assert.Equal("ping\n", Encoding.ASCII.GetString(first));
        Assert.Equal(Message(7), second);
        Assert.Equal($"connection 1: echoed 5 bytes\nconnection 2: echoed {Message(7).Length} bytes\n", output.ToString());
    }

    /// <summary>Big enough to need several receives and sends on both sides.</summary>
    private static byte[] Message(int i) => Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat($"message {i} ", 20_000 + (i * 1000))));

    private static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    /// <summary>Sends <paramref name="message"/> while reading the echo (so neither side's buffers fill up), then closes the sending side and reads to the end.</summary>
    private static async Task<byte[]> EchoAsync(IPEndPoint endPoint, byte[] message, Task? retryUntilListening = null)
    {
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        while (true)
        {
            try
            {
                await client.ConnectAsync(endPoint);
                break;
            }
            catch (SocketException) when (retryUntilListening is { IsCompleted: false })
            {
                // wisp run is still loading the module before it listens.
                await Task.Delay(50);
            }
        }

        var sending = Task.Run(async () =>
        {
            await client.SendAsync(message);
            client.Shutdown(SocketShutdown.Send);
        });
        var received = new MemoryStream();
        var buffer = new byte[8192];
        int count;
        while ((count = await client.ReceiveAsync(buffer)) > 0)
        {
            received.Write(buffer, 0, count);
        }

        await sending;
        return received.ToArray();
    }
}
