using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using Wisp.Wasi;

namespace Wisp.Cli;

/// <summary>
/// The options of <c>wisp run</c> that shape the guest's WASI world, with Wasmtime's names and meaning,
/// and the rule that options end at the module path.
/// </summary>
internal sealed class WasiRunOptions
{
    public Option<string[]> Dirs { get; } = new("--dir")
    {
        Description = "Preopen host directory HOST for the guest, as GUEST if given (HOST[::GUEST]); repeatable",
        HelpName = "HOST[::GUEST]",
    };

    public Option<string[]> Envs { get; } = new("--env")
    {
        Description = "Give the guest NAME=VALUE, or NAME with the host's value; repeatable",
        HelpName = "NAME[=VALUE]",
    };

    public Option<bool> InheritEnv { get; } = new("--inherit-env") { Description = "Give the guest every host environment variable" };

    public Option<string[]> TcpListen { get; } = new("--tcplisten")
    {
        Description = "Hand the guest a socket listening on HOST:PORT, for sock_accept; repeatable",
        HelpName = "HOST:PORT",
    };

    /// <summary>Options of <c>run</c> (these, <see cref="RunLimitOptions"/> and <see cref="RunTiming"/>) followed by a value, for finding where options end.</summary>
    private static readonly HashSet<string> ValueOptions = ["--dir", "--env", "--tcplisten", "--fuel", "--timeout", "--max-memory", "--max-wasm-stack", "--invoke", "--cache-dir", "--cache-size-limit", .. RunTiming.ValueOptions];

    public IEnumerable<Option> All => [Dirs, Envs, InheritEnv, TcpListen];

    /// <summary>
    /// Inserts <c>--</c> right after the module path of a <c>run</c> command, so that everything after it
    /// (even <c>--dir</c>) reaches the guest as arguments, as with <c>wasmtime run</c>.
    /// </summary>
    public static string[] SeparateGuestArguments(string[] args)
    {
        var run = Array.IndexOf(args, "run");
        if (run < 0)
        {
            return args;
        }

        for (var i = run + 1; i < args.Length; i++)
        {
            var token = args[i];
            if (token == "--")
            {
                return args;
            }

            if (token.StartsWith('-') && token.Length > 1)
            {
                if (ValueOptions.Contains(token))
                {
                    i++;
                }

                continue;
            }

            return [.. args[..(i + 1)], "--", .. args[(i + 1)..]];
        }

        return args;
    }

    /// <summary>Builds the guest's configuration; a bad --dir, --env or --tcplisten raises <see cref="ArgumentException"/>.</summary>
    public WasiConfiguration Configure(ParseResult parseResult, string programName, IEnumerable<string> guestArguments, List<Socket> listeners)
    {
        var configuration = new WasiConfiguration().WithArguments([programName, .. guestArguments]);
        if (parseResult.GetValue(InheritEnv))
        {
            configuration.WithInheritedEnvironment();
        }

        foreach (var env in parseResult.GetValue(Envs) ?? [])
        {
            var equals = env.IndexOf('=');
            if (equals == 0)
            {
                throw new ArgumentException($"--env {env}: the name is empty");
            }

            if (equals > 0)
            {
                configuration.WithEnvironmentVariable(env[..equals], env[(equals + 1)..]);
            }
            else if (Environment.GetEnvironmentVariable(env) is { } value)
            {
                configuration.WithEnvironmentVariable(env, value);
            }
        }

        foreach (var dir in parseResult.GetValue(Dirs) ?? [])
        {
            var separator = dir.IndexOf("::", StringComparison.Ordinal);
            var host = separator < 0 ? dir : dir[..separator];
            var guest = separator < 0 ? dir : dir[(separator + 2)..];
            if (host.Length == 0 || guest.Length == 0 || !Directory.Exists(host))
            {
                throw new ArgumentException($"--dir {dir}: {(Directory.Exists(host) ? "the guest path is empty" : $"no directory {host}")}");
            }

            configuration.WithPreopenedDirectory(host, guest);
        }

        foreach (var address in parseResult.GetValue(TcpListen) ?? [])
        {
            var listener = Listen(address);
            listeners.Add(listener);
            configuration.WithListeningSocket(listener);
        }

        return configuration;
    }

    private static Socket Listen(string address)
    {
        var colon = address.LastIndexOf(':');
        if (colon <= 0 || !ushort.TryParse(address[(colon + 1)..], out var port))
        {
            throw new ArgumentException($"--tcplisten {address}: expected HOST:PORT");
        }

        var host = address[..colon].Trim('[', ']');
        var ip = IPAddress.TryParse(host, out var parsed) ? parsed
            : Dns.GetHostAddresses(host).FirstOrDefault() ?? throw new ArgumentException($"--tcplisten {address}: unknown host");
        var socket = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(ip, port));
            socket.Listen();
            return socket;
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new ArgumentException($"--tcplisten {address}: {e.Message}");
        }
    }
}
