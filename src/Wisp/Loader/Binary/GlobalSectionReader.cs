using Wisp.Model;

namespace Wisp.Loader.Binary;

/// <summary>The global section (spec 5.5.9): each global's type and initialiser.</summary>
internal static class GlobalSectionReader
{
    public static GlobalDefinition[] Read(ref ModuleCursor cursor)
    {
        var globals = new GlobalDefinition[cursor.ReadLength()];
        for (var i = 0; i < globals.Length; i++)
        {
            var type = cursor.ReadGlobalType();
            globals[i] = new GlobalDefinition(type, cursor.ReadConstantExpression());
        }

        return globals;
    }
}
