namespace Wisp.Loader.Binary;

/// <summary>The function section (spec 5.5.6): the type index of each defined function.</summary>
internal static class FunctionSectionReader
{
    public static uint[] Read(ref ModuleCursor cursor)
    {
        var typeIndices = new uint[cursor.ReadLength()];
        for (var i = 0; i < typeIndices.Length; i++)
        {
            typeIndices[i] = cursor.ReadU32();
        }

        return typeIndices;
    }
}
