using System.Security.Cryptography;
using System.Text;
using Wisp.Runtime;

namespace Wisp.Wasi;

/// <summary>
/// One store's WASI state: its descriptors, arguments, environment, clock and randomness. Made by
/// <see cref="Store.SetWasiConfiguration"/> and found by WASI calls through their caller's store;
/// the memory a call reads and writes is the calling instance's. Disposing (the store does) closes
/// every descriptor the guest holds.
/// </summary>
public sealed class WasiContext : IDisposable
{
    private static readonly Lazy<Stream> ProcessStandardInput = new(Console.OpenStandardInput);
    private static readonly Lazy<Stream> ProcessStandardOutput = new(Console.OpenStandardOutput);
    private static readonly Lazy<Stream> ProcessStandardError = new(Console.OpenStandardError);

    public WasiContext(WasiConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        // Loops, not LINQ: Select over KeyValuePair<string, string> is generic code jitted at start-up.
        Arguments = new byte[configuration.Arguments.Count][];
        for (var i = 0; i < Arguments.Length; i++)
        {
            Arguments[i] = NulTerminated(configuration.Arguments[i]);
        }

        Environment = new byte[configuration.Environment.Count][];
        for (var i = 0; i < Environment.Length; i++)
        {
            var (name, value) = configuration.Environment[i];
            Environment[i] = NulTerminated($"{name}={value}");
        }
        Clock = configuration.Clock;
        Random = configuration.Random;
        try
        {
            AddStdio(configuration.StandardInput, ProcessStandardInput.Value, !Console.IsInputRedirected, hostFd: 0);
            AddStdio(configuration.StandardOutput, ProcessStandardOutput.Value, !Console.IsOutputRedirected, hostFd: 1);
            AddStdio(configuration.StandardError, ProcessStandardError.Value, !Console.IsErrorRedirected, hostFd: 2);
            foreach (var listener in configuration.ListeningSockets)
            {
                Descriptors.Add(new SocketDescriptor(listener, ownsSocket: false));
            }

            foreach (var preopen in configuration.PreopenDirectories)
            {
                Descriptors.Add(OpenPreopen(preopen));
            }
        }
        catch
        {
            Descriptors.Dispose();
            throw;
        }
    }

    internal byte[][] Arguments { get; }

    internal byte[][] Environment { get; }

    internal IWasiClock Clock { get; }

    internal Random? Random { get; }

    internal FileDescriptorTable Descriptors { get; } = new();

    /// <summary>
    /// Runs a WASI command: calls <paramref name="instance"/>'s <c>_start</c> and returns the exit status:
    /// 0 if it returns, n if it calls <c>proc_exit(n)</c>. Traps propagate as <see cref="TrapException"/>.
    /// </summary>
    public int RunCommand(Instance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        if (instance.Store.WasiContext != this)
        {
            throw new ArgumentException("the instance's store does not use this WASI context", nameof(instance));
        }

        var start = instance.GetFunction("_start") ?? throw new InvalidOperationException($"{instance} exports no _start function");
        try
        {
            start.Invoke();
            return 0;
        }
        catch (WasiExitException exit)
        {
            return exit.ExitCode;
        }
        finally
        {
            FlushOutput();
        }
    }

    internal void FillRandom(Span<byte> buffer)
    {
        if (Random is null)
        {
            RandomNumberGenerator.Fill(buffer);
        }
        else
        {
            Random.NextBytes(buffer);
        }
    }

    /// <summary>Flushes the guest's stdout and stderr (they are written through, so this matters only for buffering targets).</summary>
    public void FlushOutput()
    {
        foreach (var fd in new[] { 1, 2 })
        {
            if (Descriptors.TryGet(fd, out var descriptor) && descriptor is StreamDescriptor { Stream.CanWrite: true } stream)
            {
                stream.Stream.Flush();
            }
        }
    }

    public void Dispose() => Descriptors.Dispose();

    // The process's stdio streams are unbuffered and opened once for every context (each open is a
    // dup, each close another system call, per store); a guest closing its fd 1 closes only its descriptor.
    private void AddStdio(Stream? configured, Stream processStream, bool isTerminal, int hostFd) =>
        Descriptors.Add(configured is null
            ? new StreamDescriptor(processStream, isTerminal, ownsStream: false, hostFd)
            : new StreamDescriptor(configured, isTerminal: false, ownsStream: false));

    private static OpenDirectory OpenPreopen(PreopenDirectory preopen)
    {
        if (!Libc.IsSupported)
        {
            throw new PlatformNotSupportedException("WASI preopened directories need Linux (x64 or arm64) in this version of Wisp");
        }

        var fd = Libc.OpenAt(Libc.AtFdCwd, preopen.HostPath, Libc.OReadOnly | Libc.ODirectory | Libc.OCloseOnExec, 0);
        if (fd < 0)
        {
            throw new IOException($"cannot open preopened directory {preopen.HostPath}: {HostErrno.Last()}");
        }

        var withheld = preopen.ReadOnly ? Rights.Mutating : Rights.None;
        return new OpenDirectory(fd, Rights.Directory & ~withheld, Rights.All & ~withheld, preopen.GuestPath);
    }

    private static byte[] NulTerminated(string text)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
        Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }
}
