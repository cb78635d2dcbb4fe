using BenchmarkDotNet.Attributes;
using Wisp;

namespace Wisp.Benchmarks;

/// <summary>
/// The same C kernel (Kernels/image_kernel.c) compiled by clang -O2 with and without -msimd128, run
/// under Wisp: the SIMD build exercises v128 loads/stores, f32x4/i32x4/i16x8 arithmetic, shuffles
/// and narrowing, so it measures what compiling v128 onto Vector128 buys over scalar Wasm.
/// </summary>
[SimpleJob(warmupCount: 3, iterationCount: 10)]
public class ImageKernelBenchmark
{
    private const int Iterations = 200;

    private Func<int, int> _run = null!;

    [Params("scalar", "simd")]
    public string Build { get; set; } = "scalar";

    [GlobalSetup]
    public void Setup()
    {
        // Both builds must compute the same checksum, or the comparison means nothing.
        var scalar = Instantiate("scalar")(3);
        var simd = Instantiate("simd")(3);
        if (scalar != simd)
        {
            throw new InvalidOperationException($"checksums differ: scalar {scalar:x8}, simd {simd:x8}");
        }

        _run = Instantiate(Build);
    }

    [Benchmark]
    public int Run() => _run(Iterations);

    private static Func<int, int> Instantiate(string build)
    {
        var engine = new Engine();
        var path = Path.Combine(AppContext.BaseDirectory, "Kernels", $"image_kernel.{build}.wasm");
        var instance = new Linker(engine).Instantiate(new Store(engine), Module.FromFile(engine, path));
        instance.GetFunction("init")!.WrapAction()();
        return instance.GetFunction("run")!.WrapFunc<int, int>();
    }
}
