using Wisp.Model;

namespace Wisp.Loader.Binary;

/// <summary>The table section (spec 5.5.7).</summary>
internal static class TableSectionReader
{
    public static TableType[] Read(ref ModuleCursor cursor)
    {
        var tables = new TableType[cursor.ReadLength()];
        for (var i = 0; i < tables.Length; i++)
        {
            tables[i] = cursor.ReadTableType();
        }

        return tables;
    }
}
