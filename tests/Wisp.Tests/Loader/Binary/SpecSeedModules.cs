using Wisp.Diagnostics;
using Wisp.Loader.Text.Script;

namespace Wisp.Tests.Loader.Binary;

/// <summary>Every module binary written in the spec testsuite's core 2.0 scripts: valid, invalid and malformed alike.</summary>
internal static class SpecSeedModules
{
    /// <summary>
    /// The distinct module binaries. A script the text parser rejects is left out and listed in
    /// <paramref name="unparsedScripts"/>: the text parser has its own tests, and this one needs seeds.
    /// </summary>
    public static IReadOnlyList<byte[]> Load(out IReadOnlyList<string> unparsedScripts)
    {
        var unparsed = new List<string>();
        unparsedScripts = unparsed;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var seeds = new List<byte[]>();
        foreach (var script in SpecSuiteLocator.Core20Scripts())
        {
            WastScript parsed;
            try
            {
                parsed = WastParser.Parse(File.ReadAllText(script), Path.GetFileName(script));
            }
            catch (TextFormatException e)
            {
                unparsed.Add(e.Message);
                continue;
            }

            foreach (var command in parsed.Commands)
            {
                var module = command switch
                {
                    ModuleCommand c => c.Module,
                    AssertMalformedCommand c => c.Module,
                    AssertInvalidCommand c => c.Module,
                    AssertUnlinkableCommand c => c.Module,
                    AssertUninstantiableCommand c => c.Module,
                    AssertTrapCommand c => c.Module,
                    _ => null,
                };
                if (module?.Binary is { } binary && seen.Add(Convert.ToBase64String(binary)))
                {
                    seeds.Add(binary);
                }
            }
        }

        return seeds;
    }
}
