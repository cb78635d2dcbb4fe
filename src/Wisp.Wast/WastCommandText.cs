using Wisp.Loader.Text.Script;

namespace Wisp.Wast;

/// <summary>How commands and their expectations are named in failure reports.</summary>
internal static class WastCommandText
{
    public static string Describe(WastCommand command) => command switch
    {
        ModuleCommand c => Describe("module", c.Module),
        RegisterCommand c => $"register \"{c.As}\"{(c.ModuleName is null ? "" : $" {c.ModuleName}")}",
        ActionCommand c => Describe(c.Action),
        AssertReturnCommand c => $"assert_return {Describe(c.Action)}",
        AssertTrapCommand { Action: { } action } => $"assert_trap {Describe(action)}",
        AssertTrapCommand c => $"assert_trap {Describe("module", c.Module)}",
        AssertExhaustionCommand c => $"assert_exhaustion {Describe(c.Action)}",
        AssertMalformedCommand c => $"assert_malformed {Describe("module", c.Module)}",
        AssertInvalidCommand c => $"assert_invalid {Describe("module", c.Module)}",
        AssertUnlinkableCommand c => $"assert_unlinkable {Describe("module", c.Module)}",
        AssertUninstantiableCommand c => $"assert_uninstantiable {Describe("module", c.Module)}",
        _ => command.GetType().Name,
    };

    /// <summary>What the command expects, for reports of failures that have no more specific mismatch.</summary>
    public static string Expectation(WastCommand command) => command switch
    {
        ModuleCommand => "module to instantiate",
        RegisterCommand => "module to register",
        ActionCommand => "success",
        AssertReturnCommand c => WastValueText.Of(c.Expected),
        AssertTrapCommand c => $"trap \"{c.Message}\"",
        AssertExhaustionCommand c => $"exhaustion \"{c.Message}\"",
        AssertMalformedCommand c => $"malformed \"{c.Message}\"",
        AssertInvalidCommand c => $"invalid \"{c.Message}\"",
        AssertUnlinkableCommand c => $"unlinkable \"{c.Message}\"",
        AssertUninstantiableCommand c => $"trap \"{c.Message}\"",
        _ => "success",
    };

    public static string Describe(WastAction action)
    {
        var target = action.ModuleName is null ? "" : $"{action.ModuleName} ";
        return action switch
        {
            InvokeAction invoke => $"(invoke {target}\"{invoke.ExportName}\"{string.Concat(invoke.Arguments.Select(a => $" ({WastValueText.Of(a)})"))})",
            _ => $"(get {target}\"{action.ExportName}\")",
        };
    }

    private static string Describe(string keyword, WastModule? module)
    {
        if (module is null)
        {
            return $"({keyword})";
        }

        var name = module.Name is null ? "" : $" {module.Name}";
        var kind = module.Kind switch
        {
            WastModuleKind.Binary => " binary",
            WastModuleKind.Quote => " quote",
            _ => "",
        };
        return $"({keyword}{name}{kind})";
    }
}
