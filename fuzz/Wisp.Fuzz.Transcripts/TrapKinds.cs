using Wisp.Runtime;

namespace Wisp.Fuzz.Transcripts;

/// <summary>Trap kinds in transcript spelling: Wisp's <see cref="TrapCode"/> names, with synonyms merged.</summary>
public static class TrapKinds
{
    /// <summary>
    /// An index past the end of a table in <c>call_indirect</c> is "undefined element" in the spec's
    /// wording and a table-bounds trap in Wasmtime's; both name the same condition.
    /// </summary>
    public static string Of(TrapCode code) => code switch
    {
        TrapCode.UndefinedElement => nameof(TrapCode.TableOutOfBounds),
        _ => code.ToString(),
    };
}
