using SharpFuzz;
using Wisp.Fuzz.Loader;

const string Usage = """
    usage: Wisp.Fuzz.Loader MODE TARGET [FILES OR DIRECTORIES...]
      MODE    afl (under afl-fuzz), libfuzzer (under libfuzzer-dotnet), or replay (run the given inputs once)
      TARGET  wasm (decoder + validator) or wat (text parser + decoder + validator)
    """;

if (args.Length < 2 || LoaderTarget.Named(args[1]) is not { } target)
{
    Console.Error.WriteLine(Usage);
    return 2;
}

switch (args[0])
{
    case "afl":
        Fuzzer.OutOfProcess.Run(stream =>
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            target(buffer.ToArray());
        });
        return 0;
    case "libfuzzer":
        Fuzzer.LibFuzzer.Run(span => target(span));
        return 0;
    case "replay":
        return InputReplay.Run(target, args[2..], Console.Out);
    default:
        Console.Error.WriteLine(Usage);
        return 2;
}
