namespace Wisp.Wast;

/// <summary>One failed command, reported as <c>file:line: command: expected X, got Y</c>.</summary>
public sealed record WastFailure(string FileName, int Line, string Command, string Expected, string Got)
{
    public override string ToString() => $"{FileName}:{Line}: {Command}: expected {Expected}, got {Got}";
}
