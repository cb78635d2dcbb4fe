using Wisp.Loader.Text.Script;

namespace Wisp.Tests.Loader.Binary;

/// <summary>Every module binary written in the spec testsuite's core 2.0 scripts: valid, invalid and malformed alike.</summary>
internal static class SpecSeedModules
{
    public static IReadOnlyList<byte[]> Load()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var seeds = new List<byte[]>();
        foreach (var script in SpecSuiteLocator.Core20Scripts())
        {
            var parsed = WastParser.Parse(File.ReadAllText(script), Path.GetFileName(script));
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
