using Wisp.Model;

namespace Wisp.Loader.Binary;

/// <summary>The data section (spec 5.5.14): active segments for memory 0 (flags 0), passive (1), active with a memory index (2).</summary>
internal static class DataSectionReader
{
    public static DataSegment[] Read(ref ModuleCursor cursor)
    {
        var segments = new DataSegment[cursor.ReadLength()];
        for (var i = 0; i < segments.Length; i++)
        {
            var flagsOffset = cursor.Offset;
            segments[i] = cursor.ReadU32() switch
            {
                0 => ReadActive(ref cursor, memoryIndex: 0),
                1 => new DataSegment(cursor.ReadByteString(), SegmentMode.Passive, 0, null),
                2 => ReadActive(ref cursor, cursor.ReadU32()),
                _ => throw cursor.Error("malformed data segment kind", flagsOffset),
            };
        }

        return segments;
    }

    private static DataSegment ReadActive(ref ModuleCursor cursor, uint memoryIndex)
    {
        var offset = cursor.ReadConstantExpression();
        return new DataSegment(cursor.ReadByteString(), SegmentMode.Active, memoryIndex, offset);
    }
}
