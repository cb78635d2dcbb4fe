using System.CommandLine;
using Wisp.Compilation.Caching;
using Wisp.Serving.Manifest;

namespace Wisp.Cli;

/// <summary>
/// The options of <c>wisp run</c> that decide where compiled code comes from: the on-disk compilation
/// cache (on by default, as Wasmtime's) and precompiled <c>.wisp</c> files from <c>wisp compile</c>
/// (refused unless <c>--allow-precompiled</c>, as Wasmtime does, since their code runs unchecked).
/// </summary>
internal sealed class ModuleLoadOptions
{
    public Option<bool> NoCache { get; } = new("--no-cache") { Description = "Do not read or write the compilation cache" };

    public Option<DirectoryInfo?> CacheDirectory { get; } = new("--cache-dir")
    {
        Description = "Keep compiled modules in DIR (default: $XDG_CACHE_HOME/wisp or ~/.cache/wisp)",
        HelpName = "DIR",
    };

    public Option<string?> CacheSizeLimit { get; } = new("--cache-size-limit")
    {
        Description = "Keep the compilation cache under SIZE, dropping the least recently used modules (default 512MiB)",
        HelpName = "SIZE",
    };

    public Option<bool> AllowPrecompiled { get; } = new("--allow-precompiled")
    {
        Description = "Run FILE even if it is a precompiled module from 'wisp compile' (trusted input only)",
    };

    public IEnumerable<Option> All => [NoCache, CacheDirectory, CacheSizeLimit, AllowPrecompiled];

    /// <summary>The cache to use, or null with <c>--no-cache</c>; a malformed size raises <see cref="ArgumentException"/>.</summary>
    public ModuleCache? Cache(ParseResult parseResult)
    {
        var sizeLimit = parseResult.GetValue(CacheSizeLimit) is { } text
            ? ByteSize.TryParse(text, out var bytes) && bytes <= long.MaxValue
                ? (long)bytes
                : throw new ArgumentException($"--cache-size-limit {text}: expected a size such as 512MiB, 2GiB or a number of bytes")
            : ModuleCache.DefaultSizeLimit;
        return parseResult.GetValue(NoCache)
            ? null
            : new ModuleCache(parseResult.GetValue(CacheDirectory)?.FullName ?? ModuleCache.DefaultDirectory) { SizeLimit = sizeLimit };
    }

    /// <summary>
    /// Loads <paramref name="file"/>: a precompiled module when allowed, else a binary or text module
    /// (through the engine's cache). A precompiled file without <c>--allow-precompiled</c> raises
    /// <see cref="ArgumentException"/>; a damaged one <see cref="InvalidDataException"/>.
    /// </summary>
    public Module Load(Engine engine, FileInfo file, ParseResult parseResult)
    {
        var bytes = File.ReadAllBytes(file.FullName);
        if (!Module.IsPrecompiled(bytes))
        {
            return Module.FromBytesOrText(engine, file.Name, bytes);
        }

        if (!parseResult.GetValue(AllowPrecompiled))
        {
            throw new ArgumentException($"{file} is a precompiled module: its code runs unchecked, so run it only if you trust it, with --allow-precompiled");
        }

        return Module.Deserialize(engine, file.Name, bytes);
    }
}
