using Wisp.Diagnostics;
using Wisp.Instructions;
using Wisp.Model;

namespace Wisp.Loader.Binary;

/// <summary>
/// The code section (spec 5.5.13): each entry's size, local declarations and instruction bytes.
/// Instructions are not decoded here; the validator walks them.
/// </summary>
internal static class CodeSectionReader
{
    /// <summary>
    /// The most locals a function may declare. The spec's own limit is 2^32 - 1, far beyond what a
    /// host can allocate frames for, so larger counts are refused as "too many locals" too (the
    /// same limit as V8 and Wasmtime).
    /// </summary>
    public const uint MaxLocals = 50_000;

    public static FunctionBody[] Read(ref ModuleCursor cursor)
    {
        var bodies = new FunctionBody[cursor.ReadLength()];
        for (var i = 0; i < bodies.Length; i++)
        {
            var size = cursor.ReadLength();
            var start = cursor.Offset;
            cursor.Skip(size);
            bodies[i] = ReadBody(ref cursor, start, size);
        }

        return bodies;
    }

    private static FunctionBody ReadBody(ref ModuleCursor cursor, int start, int size)
    {
        var body = cursor.Slice(start, size);
        var reader = new WasmReader(body.Span, start);
        var groups = new LocalGroup[reader.ReadCount()];
        ulong total = 0;
        for (var i = 0; i < groups.Length; i++)
        {
            var count = reader.ReadU32();
            var typeOffset = reader.Offset;
            var type = reader.ReadByte();
            if (!ValTypes.IsValid(type))
            {
                throw cursor.Error("malformed value type", typeOffset);
            }

            total += count;
            groups[i] = new LocalGroup(count, (ValType)type);
        }

        if (total > MaxLocals)
        {
            throw cursor.Error("too many locals", start);
        }

        var code = body[reader.Position..];
        var codeOffset = start + reader.Position;
        if (code.IsEmpty || code.Span[^1] != (byte)Opcode.End)
        {
            throw MissingEnd(cursor, codeOffset, start);
        }

        return new FunctionBody(groups, code, codeOffset);
    }

    /// <summary>
    /// The error for a body that does not finish with <c>end</c>. The testsuite's wording comes from
    /// the reference interpreter, which decodes instructions and reads on past the body's size until
    /// the closing <c>end</c>: an instruction error, running out of bytes, or an <c>end</c> found
    /// beyond the body ("section size mismatch"). Doing the same walk here, on this error path
    /// only, reports what it reports.
    /// </summary>
    private static MalformedModuleException MissingEnd(ModuleCursor walker, int codeOffset, int bodyStart)
    {
        walker.Seek(codeOffset);
        walker.SkipInstructions();
        return walker.Error("section size mismatch", bodyStart);
    }
}
