using Wisp.Model;

namespace Wisp.Loader.Binary;

/// <summary>The export section (spec 5.5.10).</summary>
internal static class ExportSectionReader
{
    public static Export[] Read(ref ModuleCursor cursor)
    {
        var exports = new Export[cursor.ReadLength()];
        for (var i = 0; i < exports.Length; i++)
        {
            var name = cursor.ReadName();
            var kindOffset = cursor.Offset;
            var kind = cursor.ReadByte();
            if (kind > (byte)ExternalKind.Global)
            {
                throw cursor.Error("malformed export kind", kindOffset);
            }

            exports[i] = new Export(name, (ExternalKind)kind, cursor.ReadU32());
        }

        return exports;
    }
}
