using System.Text;
using Wisp.Diagnostics;
using Wisp.Loader.Binary;
using Wisp.Loader.Text;
using Wisp.Validation;

namespace Wisp.Fuzz.Loader;

/// <summary>
/// What the coverage-guided fuzzer feeds: bytes as a binary module (decode, then validate) or as
/// WebAssembly text (parse, decode, validate). The only acceptable ends are a module or Wisp's own
/// diagnostics; any other exception escapes and the fuzzer records it as a crash.
/// </summary>
public static class LoaderTarget
{
    public static void Binary(ReadOnlySpan<byte> input)
    {
        try
        {
            ModuleValidator.Validate(ModuleDecoder.Decode(input.ToArray()));
        }
        catch (WasmException e) when (e is MalformedModuleException or InvalidModuleException)
        {
        }
    }

    public static void Text(ReadOnlySpan<byte> input)
    {
        try
        {
            ModuleValidator.Validate(ModuleDecoder.Decode(WatParser.ParseModule(Encoding.UTF8.GetString(input), "fuzz.wat")));
        }
        catch (WasmException e) when (e is TextFormatException or MalformedModuleException or InvalidModuleException)
        {
        }
    }

    public static Action<ReadOnlySpan<byte>>? Named(string name) => name switch
    {
        "wasm" => Binary,
        "wat" => Text,
        _ => null,
    };
}
