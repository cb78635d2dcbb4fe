using Wisp.Model;

namespace Wisp.Loader.Binary;

/// <summary>The type section (spec 5.5.4): a vector of function types.</summary>
internal static class TypeSectionReader
{
    private const byte FunctionTypeForm = 0x60;

    public static FunctionType[] Read(ref ModuleCursor cursor)
    {
        var types = new FunctionType[cursor.ReadLength()];
        for (var i = 0; i < types.Length; i++)
        {
            var formOffset = cursor.Offset;
            var form = cursor.ReadByte();
            if (form != FunctionTypeForm)
            {
                // The form is a signed LEB128 in the reference interpreter, hence its wording for a continuation bit.
                throw cursor.Error((form & 0x80) != 0 ? "integer representation too long" : "malformed function type", formOffset);
            }

            var parameters = ReadResultType(ref cursor);
            var results = ReadResultType(ref cursor);
            types[i] = parameters.Length == 0 && results.Length == 0 ? FunctionType.Empty : new FunctionType(parameters, results);
        }

        return types;
    }

    private static ValType[] ReadResultType(ref ModuleCursor cursor)
    {
        var types = new ValType[cursor.ReadLength()];
        for (var i = 0; i < types.Length; i++)
        {
            types[i] = cursor.ReadValType();
        }

        return types;
    }
}
