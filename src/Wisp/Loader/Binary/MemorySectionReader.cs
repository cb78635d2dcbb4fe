using Wisp.Model;

namespace Wisp.Loader.Binary;

/// <summary>The memory section (spec 5.5.8).</summary>
internal static class MemorySectionReader
{
    public static MemoryType[] Read(ref ModuleCursor cursor)
    {
        var memories = new MemoryType[cursor.ReadLength()];
        for (var i = 0; i < memories.Length; i++)
        {
            memories[i] = cursor.ReadMemoryType();
        }

        return memories;
    }
}
