using Wisp.Compilation;
using Wisp.Compilation.Caching;
using Wisp.Diagnostics;
using Wisp.Loader.Text;
using Wisp.Runtime;

namespace Wisp.Tests.Compilation.Caching;

/// <summary>The on-disk compilation cache behind <see cref="Engine.Cache"/>, and precompiled modules.</summary>
public sealed class ModuleCacheTests : IDisposable
{
    /// <summary>A sample exercising calls, multi-value, memory, globals, tables, traps and names.</summary>
    private const string Sample = """
        (module $sample
          (memory 1)
          (global $g (mut i32) (i32.const 5))
          (table 2 funcref)
          (elem (i32.const 0) $fib $pair)
          (data (i32.const 8) "\2a\00\00\00")
          (type $unary (func (param i32) (result i32)))
          (func $fib (export "fib") (param i32) (result i32)
            (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
              (then (local.get 0))
              (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                             (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
          (func $pair (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
          (func (export "indirect") (param i32 i32) (result i32)
            (call_indirect (type $unary) (local.get 1) (local.get 0)))
          (func (export "swap") (param i32 i64) (result i64 i32) (local.get 1) (local.get 0))
          (func (export "load") (result i32) (i32.load (i32.const 8)))
          (func (export "bump") (result i32)
            (global.set $g (i32.add (global.get $g) (i32.const 1))) (global.get $g))
          (func $boom (export "boom") (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0))))
        """;

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("wisp-cache-");

    public void Dispose() => _directory.Delete(recursive: true);

    private Engine CachingEngine(bool fuel = false) => new() { Cache = new ModuleCache(_directory.FullName), ConsumeFuel = fuel };

    private static byte[] Wasm(string wat) => WatParser.ParseModule(wat);

    private string[] Entries() => Directory.GetFiles(_directory.FullName, "*.wispc");

    /// <summary>Calls the sample's exports and records what they returned or how they trapped.</summary>
    private static List<string> Exercise(Module module)
    {
        var engine = module.Engine;
        var store = new Store(engine);
        if (engine.ConsumeFuel)
        {
            store.SetFuel(1_000_000);
        }

        var instance = new Linker(engine).Instantiate(store, module);
        var seen = new List<string>
        {
            instance.GetFunction("fib")!.WrapFunc<int, int>()(20).ToString(),
            instance.GetFunction("indirect")!.WrapFunc<int, int, int>()(0, 10).ToString(),
            instance.GetFunction("indirect")!.WrapFunc<int, int, int>()(1, 21).ToString(),
            string.Join(",", instance.GetFunction("swap")!.Invoke(Value.FromInt32(3), Value.FromInt64(4))),
            instance.GetFunction("load")!.WrapFunc<int>()().ToString(),
            instance.GetFunction("bump")!.WrapFunc<int>()().ToString(),
            instance.GetFunction("boom")!.WrapFunc<int, int>()(1).ToString(),
        };
        var trap = Assert.Throws<TrapException>(() => instance.GetFunction("boom")!.Invoke(Value.FromInt32(0)));
        seen.Add($"{trap.Code} {trap.Message} at {string.Join(" ", trap.WasmBacktrace)}");
        var badIndex = Assert.Throws<TrapException>(() => instance.GetFunction("indirect")!.Invoke(Value.FromInt32(5), Value.FromInt32(0)));
        seen.Add(badIndex.Message);
        return seen;
    }

    [Fact]
    public void ACachedModuleBehavesAsAFreshlyCompiledOne()
    {
        var wasm = Wasm(Sample);
        var fresh = Exercise(Module.FromBytes(new Engine(), "sample", wasm));

        var missing = CachingEngine();
        var miss = Exercise(Module.FromBytes(missing, "sample", wasm));
        var entry = Assert.Single(Entries());
        var written = File.ReadAllBytes(entry);
        File.SetLastWriteTimeUtc(entry, new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var hitting = CachingEngine();
        var hit = Exercise(Module.FromBytes(hitting, "sample", wasm));

        Assert.Equal(fresh, miss);
        Assert.Equal(fresh, hit);
        Assert.Contains("sample!boom", fresh[^2]);
        Assert.Equal((0, 1, 1, 0), (missing.Cache!.Hits, missing.Cache.Misses, hitting.Cache!.Hits, hitting.Cache.Misses));
        // A hit leaves the entry as it was, only marked as used now (its age is what eviction reads).
        Assert.Equal(written, File.ReadAllBytes(entry));
        Assert.True(File.GetLastWriteTimeUtc(entry) > DateTime.UtcNow.AddHours(-1));
    }

    [Fact]
    public void ALazilyCompiledModuleIsCachedAsStubsAndCompilesBodiesOnFirstCall()
    {
        var wasm = Wasm(Sample);
        var fresh = Exercise(Module.FromBytes(new Engine(), "sample", wasm));
        Engine LazyEngine() => new() { Cache = new ModuleCache(_directory.FullName), CompileLazily = true };

        var first = LazyEngine();
        var miss = Exercise(Module.FromBytes(first, "sample", wasm));
        var second = LazyEngine();
        var loaded = Module.FromBytes(second, "sample", wasm);
        Assert.Equal(0, loaded.Compiled.Lazy!.CompiledCount);
        var hit = Exercise(loaded);

        Assert.Equal(fresh, miss);
        Assert.Equal(fresh, hit);
        Assert.Equal((0, 1, 1, 0), (first.Cache!.Hits, first.Cache.Misses, second.Cache!.Hits, second.Cache.Misses));
        Assert.True(loaded.Compiled.Lazy.CompiledCount > 0);
        // The eager image of the same module is another entry: neither can stand in for the other.
        Exercise(Module.FromBytes(CachingEngine(), "sample", wasm));
        Assert.Equal(2, Entries().Length);
    }

    [Fact]
    public void ALazilyCompiledModuleFromTheCacheSupportsFuel()
    {
        var wasm = Wasm(Sample);
        Module.FromBytes(new Engine { Cache = new ModuleCache(_directory.FullName), CompileLazily = true, ConsumeFuel = true }, "sample", wasm);
        var engine = new Engine { Cache = new ModuleCache(_directory.FullName), CompileLazily = true, ConsumeFuel = true };
        var module = Module.FromBytes(engine, "sample", wasm);

        var store = new Store(engine);
        store.SetFuel(10);
        var fib = new Linker(engine).Instantiate(store, module).GetFunction("fib")!;

        Assert.Equal(1, engine.Cache!.Hits);
        Assert.Equal(TrapCode.OutOfFuel, Assert.Throws<TrapException>(() => fib.Invoke(Value.FromInt32(20))).Code);
    }

    [Fact]
    public void AnEntryDeletedByAnotherProcessIsAMiss()
    {
        var wasm = Wasm(Sample);
        Module.FromBytes(CachingEngine(), "sample", wasm);
        File.Delete(Assert.Single(Entries()));

        var engine = CachingEngine();
        var results = Exercise(Module.FromBytes(engine, "sample", wasm));

        Assert.Equal("6765", results[0]);
        Assert.Equal((0, 1), (engine.Cache!.Hits, engine.Cache.Misses));
        Assert.Single(Entries());
    }

    [Fact]
    public void ADamagedEntryIsRemovedWhenRead()
    {
        var wasm = Wasm(Sample);
        var cache = new ModuleCache(_directory.FullName);
        var key = CacheKey.Compute(wasm, validated: true, CodeGenerationOptions.Default);
        cache.Write(key, wasm, [1, 2, 3]);
        var entry = Assert.Single(Entries());
        File.WriteAllBytes(entry, File.ReadAllBytes(entry)[..^1]);

        Assert.Null(cache.TryRead(key, wasm));
        Assert.Empty(Entries());
        Assert.Equal(1, cache.Misses);
    }

    [Theory]
    [InlineData("empty")]
    [InlineData("truncated")]
    [InlineData("flipped")]
    [InlineData("garbage")]
    public void ADamagedEntryIsIgnoredAndRewritten(string damage)
    {
        var wasm = Wasm(Sample);
        Module.FromBytes(CachingEngine(), "sample", wasm);
        var entry = Assert.Single(Entries());
        var good = File.ReadAllBytes(entry);
        var bad = damage switch
        {
            "empty" => [],
            "truncated" => good[..(good.Length / 2)],
            "flipped" => Flip(good, good.Length - 100),
            _ => [.. Enumerable.Range(0, 5000).Select(i => (byte)(i * 7))],
        };
        File.WriteAllBytes(entry, bad);

        var results = Exercise(Module.FromBytes(CachingEngine(), "sample", wasm));

        Assert.Equal(Exercise(Module.FromBytes(new Engine(), "sample", wasm)), results);
        Assert.Equal(good.Length, new FileInfo(entry).Length);
    }

    [Fact]
    public void AnIntactEntryForOtherModuleBytesIsNotUsed()
    {
        var wasm = Wasm(Sample);
        var other = Wasm("(module (func (export \"fib\") (param i32) (result i32) (i32.const 99)))");
        Module.FromBytes(CachingEngine(), "other", other);
        var foreign = Assert.Single(Entries());
        Module.FromBytes(CachingEngine(), "sample", wasm);
        var entry = Assert.Single(Entries(), e => e != foreign);
        // Same name, other module inside: as if two modules' keys collided.
        File.Copy(foreign, entry, overwrite: true);

        var results = Exercise(Module.FromBytes(CachingEngine(), "sample", wasm));

        Assert.Equal("6765", results[0]);
    }

    [Fact]
    public void SettingsThatChangeCodeGetTheirOwnEntries()
    {
        var wasm = Wasm(Sample);

        var plain = Exercise(Module.FromBytes(CachingEngine(), "sample", wasm));
        var fueled = Exercise(Module.FromBytes(CachingEngine(fuel: true), "sample", wasm));
        var unvalidated = new Engine { Cache = new ModuleCache(_directory.FullName), ValidateModules = false };
        Module.FromBytes(unvalidated, "sample", wasm);

        Assert.Equal(3, Entries().Length);
        Assert.Equal(plain, fueled);
    }

    [Fact]
    public void AnInvalidModuleIsRejectedAndNotCached()
    {
        var invalid = Wasm("(module (func (result i32) (i64.const 1)))");

        Assert.Throws<InvalidModuleException>(() => Module.FromBytes(CachingEngine(), "bad", invalid));
        Assert.Throws<InvalidModuleException>(() => Module.FromBytes(CachingEngine(), "bad", invalid));
        Assert.Empty(Entries());
    }

    [Fact]
    public void AnUnwritableCacheDirectoryOnlyCostsTheCache()
    {
        var file = Path.Combine(_directory.FullName, "not-a-directory");
        File.WriteAllText(file, "");
        var engine = new Engine { Cache = new ModuleCache(Path.Combine(file, "cache")) };

        Assert.Equal("6765", Exercise(Module.FromBytes(engine, "sample", Wasm(Sample)))[0]);
    }

    [Fact]
    public void ConcurrentLoadsOfOneModuleAllSucceed()
    {
        var wasm = Wasm(Sample);

        var results = Enumerable.Range(0, 8).AsParallel().WithDegreeOfParallelism(4)
            .Select(_ => Exercise(Module.FromBytes(CachingEngine(), "sample", wasm))[0]).ToList();

        Assert.All(results, r => Assert.Equal("6765", r));
        Assert.Single(Entries());
        Assert.Empty(Directory.GetFiles(_directory.FullName, "*.tmp"));
    }

    [Fact]
    public void APrecompiledModuleRunsLikeTheModule()
    {
        var wasm = Wasm(Sample);
        var precompiled = Module.Precompile(new Engine(), "sample", wasm);

        Assert.True(Module.IsPrecompiled(precompiled));
        Assert.Equal(
            Exercise(Module.FromBytes(new Engine(), "sample", wasm)),
            Exercise(Module.Deserialize(new Engine(), "sample", precompiled)));
    }

    [Fact]
    public void APrecompiledModuleForOtherSettingsIsRecompiledFromTheModuleItHolds()
    {
        var precompiled = Module.Precompile(new Engine(), "sample", Wasm(Sample));

        var module = Module.Deserialize(new Engine { ConsumeFuel = true }, "sample", precompiled);

        var store = new Store(module.Engine);
        store.SetFuel(10);
        var fib = new Linker(module.Engine).Instantiate(store, module).GetFunction("fib")!;
        Assert.Equal(TrapCode.OutOfFuel, Assert.Throws<TrapException>(() => fib.Invoke(Value.FromInt32(20))).Code);
    }

    [Fact]
    public void ADamagedPrecompiledModuleIsRefused()
    {
        var precompiled = Module.Precompile(new Engine(), "sample", Wasm(Sample));

        Assert.Throws<InvalidDataException>(() => Module.Deserialize(new Engine(), "sample", Flip(precompiled, precompiled.Length - 1)));
        Assert.Throws<InvalidDataException>(() => Module.Deserialize(new Engine(), "sample", precompiled[..40]));
        Assert.Throws<InvalidDataException>(() => Module.Deserialize(new Engine(), "sample", Wasm(Sample)));
    }

    [Fact]
    public void LoadingAPrecompiledFileAsAModuleIsRefused()
    {
        var path = Path.Combine(_directory.FullName, "sample.wisp");
        File.WriteAllBytes(path, Module.Precompile(new Engine(), "sample", Wasm(Sample)));

        var error = Assert.Throws<MalformedModuleException>(() => Module.FromFile(new Engine(), path));

        Assert.Contains("precompiled", error.Message);
    }

    [Fact]
    public void TheDefaultDirectoryIsAbsolute()
    {
        Assert.True(Path.IsPathFullyQualified(ModuleCache.DefaultDirectory));
        Assert.Contains("wisp", ModuleCache.DefaultDirectory, StringComparison.Ordinal);
    }

    private static byte[] Flip(byte[] bytes, int at)
    {
        var copy = (byte[])bytes.Clone();
        copy[at] ^= 0x40;
        return copy;
    }
}
