using Wisp.Compilation.Caching;
using Wisp.Loader.Text;

namespace Wisp.Tests.Compilation.Caching;

/// <summary>Eviction from the compilation cache: size limit, least recently used first, sweeps once per interval, races.</summary>
public sealed class CacheSweepTests : IDisposable
{
    private static readonly DateTime LongAgo = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("wisp-sweep-");

    public void Dispose() => _directory.Delete(recursive: true);

    /// <summary>Distinct modules of equal size: the constant differs, its encoding's length does not.</summary>
    private static byte[] Wasm(int variant) =>
        WatParser.ParseModule($"(module (func (export \"get\") (result i32) (i32.const {1000 + variant})))");

    private Engine CachingEngine(long sizeLimit, TimeSpan interval) =>
        new() { Cache = new ModuleCache(_directory.FullName) { SizeLimit = sizeLimit, CleanupInterval = interval } };

    private static int Get(Module module) =>
        new Linker(module.Engine).Instantiate(new Store(module.Engine), module).GetFunction("get")!.WrapFunc<int>()();

    /// <summary>Loads a module and waits for the sweep its write may have started.</summary>
    private static Module Load(Engine engine, int variant)
    {
        var module = Module.FromBytes(engine, "m", Wasm(variant));
        engine.Cache!.PendingSweep.Wait();
        return module;
    }

    private string[] Entries() => Directory.GetFiles(_directory.FullName, "*" + ModuleCache.EntryExtension);

    private string EntryOf(int variant) =>
        new ModuleCache(_directory.FullName).EntryPath(CacheKey.Compute(Wasm(variant), validated: true, new Engine().CodeGeneration));

    /// <summary>The size of one entry, measured by writing one to a directory of its own.</summary>
    private static long EntrySize()
    {
        var directory = Directory.CreateTempSubdirectory("wisp-sweep-size-");
        try
        {
            Load(new Engine { Cache = new ModuleCache(directory.FullName) }, 0);
            return new FileInfo(Directory.GetFiles(directory.FullName, "*" + ModuleCache.EntryExtension).Single()).Length;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>Writes entries for <paramref name="variants"/>, each used one minute after the one before, all long ago.</summary>
    private void Fill(Engine engine, params int[] variants)
    {
        foreach (var variant in variants)
        {
            Load(engine, variant);
        }

        for (var i = 0; i < variants.Length; i++)
        {
            File.SetLastWriteTimeUtc(EntryOf(variants[i]), LongAgo.AddMinutes(i));
        }
    }

    [Fact]
    public void AWriteOverTheLimitEvictsTheLeastRecentlyUsedDownToSeventyPercent()
    {
        var size = EntrySize();
        // Room for 3.5 entries: the fourth triggers a sweep down to 2.45 entries' worth, so two go.
        var engine = CachingEngine((size * 7) / 2, TimeSpan.Zero);
        Fill(engine, 1, 2, 3);
        // Using 1 makes it the most recent of the three.
        Assert.Equal(1001, Get(Load(engine, 1)));

        Load(engine, 4);

        Assert.Equal(new[] { EntryOf(1), EntryOf(4) }.Order(StringComparer.Ordinal), Entries().Order(StringComparer.Ordinal));
        Assert.Equal(1004, Get(Load(engine, 4)));
    }

    [Fact]
    public void TheSizeLimitHoldsAfterEverySweep()
    {
        var size = EntrySize();
        var limit = size * 5;
        var engine = CachingEngine(limit, TimeSpan.Zero);

        for (var variant = 0; variant < 20; variant++)
        {
            Assert.Equal(1000 + variant, Get(Load(engine, variant)));
            Assert.True(Entries().Sum(entry => new FileInfo(entry).Length) <= limit);
        }

        // The module just written is never the one evicted.
        Assert.Contains(EntryOf(19), Entries());
    }

    [Fact]
    public void NoSweepBeforeTheIntervalHasPassed()
    {
        var size = EntrySize();
        var engine = CachingEngine(size, TimeSpan.FromHours(1));
        Load(engine, 1);
        var marker = Path.Combine(_directory.FullName, CacheSweep.MarkerName);
        Assert.True(File.Exists(marker));

        Load(engine, 2);
        Load(engine, 3);
        Assert.Equal(3, Entries().Length);

        // Another process swept two hours ago: the next write sweeps again.
        File.SetLastWriteTimeUtc(marker, DateTime.UtcNow.AddHours(-2));
        Load(engine, 4);

        Assert.Equal([EntryOf(4)], Entries());
    }

    [Fact]
    public void AHitNeverSweeps()
    {
        var size = EntrySize();
        Fill(CachingEngine(size * 10, TimeSpan.Zero), 1, 2, 3);
        var tight = CachingEngine(size, TimeSpan.Zero);

        Assert.Equal(1002, Get(Load(tight, 2)));

        Assert.Equal(3, Entries().Length);
        Assert.Equal(1, tight.Cache!.Hits);
    }

    [Fact]
    public void AbandonedTemporaryFilesGoAndFreshOnesStay()
    {
        var abandoned = Path.Combine(_directory.FullName, "x.wispc.1.dead" + ModuleCache.TemporaryExtension);
        var inProgress = Path.Combine(_directory.FullName, "y.wispc.2.busy" + ModuleCache.TemporaryExtension);
        File.WriteAllBytes(abandoned, new byte[100]);
        File.WriteAllBytes(inProgress, new byte[100]);
        File.SetLastWriteTimeUtc(abandoned, DateTime.UtcNow.AddDays(-1));

        Load(CachingEngine(ModuleCache.DefaultSizeLimit, TimeSpan.Zero), 1);

        Assert.False(File.Exists(abandoned));
        Assert.True(File.Exists(inProgress));
    }

    [Fact]
    public void ASweepOfAMissingDirectoryDoesNothingAndOneToZeroSparesTheEntryJustWritten()
    {
        var missing = Path.Combine(_directory.FullName, "missing");
        CacheSweep.Run(missing, 0, keep: "", DateTime.UtcNow);

        var engine = CachingEngine(ModuleCache.DefaultSizeLimit, TimeSpan.FromHours(1));
        Fill(engine, 1, 2);
        Assert.Equal(2, Entries().Length);
        CacheSweep.Run(_directory.FullName, 0, keep: EntryOf(2), DateTime.UtcNow);
        Assert.Equal([EntryOf(2)], Entries());
    }

    [Fact]
    public void ConcurrentLoadsAndSweepsOfOneDirectoryAllSucceed()
    {
        var size = EntrySize();

        // Eight loaders, each its own cache object as separate processes would have, sweeping after
        // every write with room for only three entries: reads race with deletes and renames.
        var results = Enumerable.Range(0, 64).AsParallel().WithDegreeOfParallelism(8)
            .Select(i => Get(Load(CachingEngine(size * 3, TimeSpan.Zero), i % 12)))
            .ToList();

        Assert.Equal(Enumerable.Range(0, 64).Select(i => 1000 + (i % 12)), results);
        Assert.Empty(Directory.GetFiles(_directory.FullName, "*" + ModuleCache.TemporaryExtension));
    }
}
