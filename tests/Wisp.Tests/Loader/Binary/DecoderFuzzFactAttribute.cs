using Wisp.Diagnostics;
using Wisp.Loader.Binary;
using Wisp.Loader.Text.Script;
using Wisp.Validation;

namespace Wisp.Tests.Loader.Binary;

/// <summary>
/// The fuzz test's prerequisites: the spec suite (see <see cref="SpecSuiteLocator"/>), the .wast parser
/// that yields the seeds, and the validator that the pipeline runs after decoding. While another
/// component is still a contract stub, the test is skipped and says which.
/// </summary>
public sealed class DecoderFuzzFactAttribute : FactAttribute
{
    public DecoderFuzzFactAttribute()
    {
        Skip = SpecSuiteLocator.SkipReason ?? MissingComponent();
    }

    private static string? MissingComponent()
    {
        try
        {
            WastParser.Parse("(module)", "probe.wast");
        }
        catch (NotImplementedException)
        {
            return "WastParser is not implemented yet: the fuzz test takes its seeds from the spec suite's .wast files";
        }

        try
        {
            ModuleValidator.Validate(ModuleDecoder.Decode(BinaryModule.Header));
        }
        catch (NotImplementedException)
        {
            return "ModuleValidator is not implemented yet: the fuzz test runs decode then validate";
        }
        catch (InvalidModuleException)
        {
        }

        return null;
    }
}
