using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Wisp.Benchmarks.ImageKernelBenchmark).Assembly).Run(args);
