using Wisp.Diagnostics;
using Wisp.Loader.Binary;
using Wisp.Loader.Text;
using Wisp.Loader.Text.Script;
using Xunit.Abstractions;

namespace Wisp.Tests.Loader.Text;

/// <summary>
/// Every script of the core spec testsuite parses; every quoted module under assert_malformed is rejected
/// and every other module encodes, and decodes with <see cref="ModuleDecoder"/>.
/// </summary>
public class SpecSuiteTextTests(ITestOutputHelper output)
{
    public static TheoryData<string> Scripts()
    {
        var data = new TheoryData<string>();
        if (SpecSuiteLocator.SpecDirectory is null)
        {
            // A placeholder row so the theory runs and reports the skip (or, on CI, the failure).
            data.Add("");
            return data;
        }

        foreach (var path in SpecSuiteLocator.Core20Scripts())
        {
            data.Add(Path.GetFileName(path));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public void ScriptParsesAndItsModulesEncode(string fileName)
    {
        if (SpecSuiteLocator.SkipReason is { } reason)
        {
            // xunit 2 cannot skip at run time; say so in the output instead.
            output.WriteLine("SKIPPED: " + reason);
            return;
        }

        var directory = SpecSuiteLocator.Core20Directory;
        var script = WastParser.Parse(File.ReadAllText(Path.Combine(directory, fileName)), fileName);
        Assert.NotEmpty(script.Commands);
        foreach (var command in script.Commands)
        {
            var module = command switch
            {
                ModuleCommand c => c.Module,
                AssertTrapCommand c => c.Module,
                AssertMalformedCommand c => c.Module,
                AssertInvalidCommand c => c.Module,
                AssertUnlinkableCommand c => c.Module,
                AssertUninstantiableCommand c => c.Module,
                _ => null,
            };
            if (module is null)
            {
                continue;
            }

            var where = $"{fileName}:{command.Line}";
            if (command is AssertMalformedCommand)
            {
                if (module.Kind == WastModuleKind.Quote)
                {
                    Assert.True(Rejects(module.QuoteText!), $"{where}: malformed module was accepted");
                }

                continue;
            }

            var binary = module.Kind == WastModuleKind.Quote ? WatParser.ParseModule(module.QuoteText!, fileName) : module.Binary!;
            if (module.Kind != WastModuleKind.Binary)
            {
                var exception = Record.Exception(() => ModuleDecoder.Decode(binary));
                Assert.True(exception is null, $"{where}: does not decode: {exception?.Message}");
            }
        }
    }

    private static bool Rejects(string text)
    {
        try
        {
            WatParser.ParseModule(text);
            return false;
        }
        catch (TextFormatException)
        {
            return true;
        }
    }
}
