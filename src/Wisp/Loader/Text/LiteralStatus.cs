namespace Wisp.Loader.Text;

/// <summary>The outcome of reading a numeric literal: the two failures have different testsuite wording.</summary>
internal enum LiteralStatus
{
    Ok,

    /// <summary>The token is not a literal of the requested kind ("unexpected token").</summary>
    NotANumber,

    /// <summary>Well formed but does not fit ("constant out of range").</summary>
    OutOfRange,
}
