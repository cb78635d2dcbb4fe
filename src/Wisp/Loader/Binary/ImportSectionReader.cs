using Wisp.Model;

namespace Wisp.Loader.Binary;

/// <summary>The import section (spec 5.5.5).</summary>
internal static class ImportSectionReader
{
    public static Import[] Read(ref ModuleCursor cursor)
    {
        var imports = new Import[cursor.ReadLength()];
        for (var i = 0; i < imports.Length; i++)
        {
            var moduleName = cursor.ReadName();
            var name = cursor.ReadName();
            var kindOffset = cursor.Offset;
            imports[i] = cursor.ReadByte() switch
            {
                (byte)ExternalKind.Function => new Import(moduleName, name, ExternalKind.Function) { TypeIndex = cursor.ReadU32() },
                (byte)ExternalKind.Table => new Import(moduleName, name, ExternalKind.Table) { Table = cursor.ReadTableType() },
                (byte)ExternalKind.Memory => new Import(moduleName, name, ExternalKind.Memory) { Memory = cursor.ReadMemoryType() },
                (byte)ExternalKind.Global => new Import(moduleName, name, ExternalKind.Global) { Global = cursor.ReadGlobalType() },
                _ => throw cursor.Error("malformed import kind", kindOffset),
            };
        }

        return imports;
    }
}
