namespace Wisp.Loader.Text.Script;

/// <summary>Parses .wast scripts (the spec testsuite's format).</summary>
public static class WastParser
{
    /// <summary>Parses a whole script. Syntax errors raise <see cref="Diagnostics.TextFormatException"/>.</summary>
    public static WastScript Parse(string text, string fileName) => throw new NotImplementedException("contract: the text helper implements this");
}
