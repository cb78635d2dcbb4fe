using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Wisp.Wasi;

namespace Wisp.Cli;

/// <summary>
/// The benchmark options of <c>wisp run</c>, in the format the shared benchmark harness reads from
/// stderr (the same as its Wasmtime and Node runners print): <c>--time</c> for the compile /
/// instantiate / run breakdown of one run, and the in-process probes <c>--instantiate-loop N</c> and
/// <c>--compile-loop N</c>, which run nothing.
/// </summary>
internal sealed class RunTiming
{
    /// <summary>Rounds before the measured instantiations, so the JIT has compiled the path being measured.</summary>
    private const int InstantiateWarmup = 20;

    private long _start;
    private long _compiled;
    private long _instantiating;
    private long _instantiated;

    public Option<bool> Time { get; } = new("--time")
    {
        Description = "After the run, print \"bench-time: compile_us=N instantiate_us=N run_us=N\" to stderr",
    };

    public Option<int> InstantiateLoop { get; } = new("--instantiate-loop")
    {
        Description = "Compile once, instantiate N times without running, print per-instance microseconds to stderr",
        HelpName = "N",
    };

    public Option<int> CompileLoop { get; } = new("--compile-loop")
    {
        Description = "Compile N+1 distinct copies of the module, print the first and the median warm time to stderr",
        HelpName = "N",
    };

    public IEnumerable<Option> All => [Time, InstantiateLoop, CompileLoop];

    /// <summary>Options followed by a value, for finding where options end.</summary>
    public static IEnumerable<string> ValueOptions => ["--instantiate-loop", "--compile-loop"];

    /// <summary>Whether the run got as far as an instance, so that there are times to print.</summary>
    public bool Instantiated => _instantiated != 0;

    public void StartCompile() => _start = Stopwatch.GetTimestamp();

    public void EndCompile() => _compiled = Stopwatch.GetTimestamp();

    public void StartInstantiate() => _instantiating = Stopwatch.GetTimestamp();

    public void EndInstantiate() => _instantiated = Stopwatch.GetTimestamp();

    /// <summary>
    /// The <c>bench-time:</c> line. setup is the store, linker and WASI context between compiling and
    /// instantiating; the run is everything after instantiation until now (the call and the output flush).
    /// </summary>
    public string FormatTimes()
    {
        var finished = Stopwatch.GetTimestamp();
        return Invariant($"bench-time: runner=wisp compile_us={Microseconds(_compiled - _start):F0} setup_us={Microseconds(_instantiating - _compiled):F0} instantiate_us={Microseconds(_instantiated - _instantiating):F0} run_us={Microseconds(finished - _instantiated):F0} total_us={Microseconds(finished - _start):F0}");
    }

    /// <summary>
    /// Compiles <paramref name="file"/> once and resolves its imports once (an <see cref="InstancePre"/>;
    /// WASI if it imports it, as the Wasmtime runner does), then per round the cycle a host serving
    /// requests runs: a new store with a WASI configuration, the instantiation (timed alone as
    /// <c>inst_us</c>), and the store's disposal (the whole round is <c>cycle_us</c>).
    /// </summary>
    public static string MeasureInstantiation(string file, int count)
    {
        var engine = new Engine();
        var module = Module.FromFile(engine, file);
        var needsWasi = module.Imports.Any(import => import.ModuleName is "wasi_snapshot_preview1" or "wasi_unstable");
        var linker = new Linker(engine);
        if (needsWasi)
        {
            linker.DefineWasi();
        }

        var pre = linker.InstantiatePre(module);
        long instantiateTicks = 0;
        long cycleStart = 0;
        for (var round = 0; round < InstantiateWarmup + count; round++)
        {
            if (round == InstantiateWarmup)
            {
                instantiateTicks = 0;
                cycleStart = Stopwatch.GetTimestamp();
            }

            using var store = new Store(engine);
            if (needsWasi)
            {
                store.SetWasiConfiguration(new WasiConfiguration().WithArguments([file]));
            }

            var before = Stopwatch.GetTimestamp();
            pre.Instantiate(store);
            instantiateTicks += Stopwatch.GetTimestamp() - before;
        }

        var cycleTicks = Stopwatch.GetTimestamp() - cycleStart;
        return Invariant($"bench-instantiate: runner=wisp n={count} inst_us={Microseconds(instantiateTicks) / count:F2} cycle_us={Microseconds(cycleTicks) / count:F2}");
    }

    /// <summary>
    /// Compiles <paramref name="count"/> + 1 copies of the module in this process, each with its own
    /// custom section so that no cache keyed on the bytes could answer.
    /// </summary>
    public static string MeasureCompilation(string file, int count)
    {
        var bytes = File.ReadAllBytes(file);
        var engine = new Engine();
        var first = 0.0;
        var warm = new List<double>();
        for (var copy = 0; copy <= count; copy++)
        {
            var distinct = WithNonceSection(bytes, copy);
            var before = Stopwatch.GetTimestamp();
            Module.FromBytes(engine, file, distinct);
            var elapsed = Microseconds(Stopwatch.GetTimestamp() - before);
            if (copy == 0)
            {
                first = elapsed;
            }
            else
            {
                warm.Add(elapsed);
            }
        }

        warm.Sort();
        var median = warm.Count % 2 == 1 ? warm[warm.Count / 2] : (warm[(warm.Count / 2) - 1] + warm[warm.Count / 2]) / 2;
        return Invariant($"bench-compile: runner=wisp n={count} first_us={first:F0} warm_us={median:F0} bytes={bytes.Length}");
    }

    /// <summary>The module followed by a custom section named <c>bench-nonce</c> holding <paramref name="nonce"/> (as the peers do).</summary>
    public static byte[] WithNonceSection(byte[] module, int nonce)
    {
        var name = "bench-nonce"u8;
        var size = 1 + name.Length + sizeof(int);
        byte[] section = [0, (byte)size, (byte)name.Length, .. name, .. BitConverter.GetBytes(nonce)];
        return [.. module, .. section];
    }

    private static double Microseconds(long ticks) => ticks * 1_000_000.0 / Stopwatch.Frequency;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
