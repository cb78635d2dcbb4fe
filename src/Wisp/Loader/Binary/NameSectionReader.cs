using Wisp.Diagnostics;
using Wisp.Model;

namespace Wisp.Loader.Binary;

/// <summary>
/// The <c>name</c> custom section (spec 7.4.1): module name, function names and local names.
/// Custom sections are not validated, so a malformed name section yields no names rather than an error.
/// </summary>
internal static class NameSectionReader
{
    public const string SectionName = "name";

    private const byte ModuleNameId = 0;
    private const byte FunctionNamesId = 1;
    private const byte LocalNamesId = 2;

    /// <summary>The names in <paramref name="section"/>, or null if it is malformed.</summary>
    public static NameSection? TryRead(CustomSection section)
    {
        try
        {
            return Read(section.Content.Span, section.Offset);
        }
        catch (MalformedModuleException)
        {
            return null;
        }
    }

    private static NameSection? Read(ReadOnlySpan<byte> content, int baseOffset)
    {
        var reader = new WasmReader(content, baseOffset);
        string? moduleName = null;
        var functionNames = new Dictionary<uint, string>();
        var localNames = new Dictionary<uint, IReadOnlyDictionary<uint, string>>();
        var lastId = -1;
        while (!reader.AtEnd)
        {
            var id = reader.ReadByte();
            var size = reader.ReadU32();
            if (size > reader.Remaining || id <= lastId)
            {
                // Subsections appear at most once, in order (spec 7.4.1).
                return null;
            }

            lastId = id;
            var subsectionOffset = reader.Offset;
            var subsection = new WasmReader(reader.ReadBytes((int)size), subsectionOffset);
            switch (id)
            {
                case ModuleNameId:
                    moduleName = subsection.ReadName();
                    break;
                case FunctionNamesId:
                    ReadNameMap(ref subsection, functionNames);
                    break;
                case LocalNamesId:
                    for (var count = subsection.ReadCount(); count > 0; count--)
                    {
                        var functionIndex = subsection.ReadU32();
                        var names = new Dictionary<uint, string>();
                        ReadNameMap(ref subsection, names);
                        localNames[functionIndex] = names;
                    }

                    break;
                default:
                    // Later extensions (labels, types, ...): not used by Wisp.
                    continue;
            }

            if (!subsection.AtEnd)
            {
                return null;
            }
        }

        return new NameSection { ModuleName = moduleName, FunctionNames = functionNames, LocalNames = localNames };
    }

    private static void ReadNameMap(ref WasmReader reader, Dictionary<uint, string> map)
    {
        for (var count = reader.ReadCount(); count > 0; count--)
        {
            var index = reader.ReadU32();
            map[index] = reader.ReadName();
        }
    }
}
