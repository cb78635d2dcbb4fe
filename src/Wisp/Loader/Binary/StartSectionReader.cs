namespace Wisp.Loader.Binary;

/// <summary>The start section (spec 5.5.11): one function index.</summary>
internal static class StartSectionReader
{
    public static uint Read(ref ModuleCursor cursor) => cursor.ReadU32();
}
