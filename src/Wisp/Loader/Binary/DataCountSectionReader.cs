namespace Wisp.Loader.Binary;

/// <summary>The data count section (spec 5.5.16): how many data segments the data section holds.</summary>
internal static class DataCountSectionReader
{
    public static uint Read(ref ModuleCursor cursor) => cursor.ReadU32();
}
