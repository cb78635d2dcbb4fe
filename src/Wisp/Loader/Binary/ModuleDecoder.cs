using Wisp.Diagnostics;
using Wisp.Model;

namespace Wisp.Loader.Binary;

/// <summary>Decodes the binary format (spec 5) into a <see cref="ModuleDefinition"/>.</summary>
public static class ModuleDecoder
{
    private const uint Magic = 0x6D736100; // "\0asm"
    private const uint Version = 1;

    /// <summary>Decodes a module. Malformed input raises <see cref="Diagnostics.MalformedModuleException"/> and nothing else.</summary>
    public static ModuleDefinition Decode(ReadOnlyMemory<byte> bytes)
    {
        var cursor = new ModuleCursor(bytes);
        ReadHeader(ref cursor);

        FunctionType[] types = [];
        Import[] imports = [];
        // Null until their section is seen: an empty array of a value type of ours, made up front, is
        // generic code (Array.Empty<T>) jitted at start-up even when the section then replaces it.
        uint[]? functionTypeIndices = null;
        TableType[]? tables = null;
        MemoryType[]? memories = null;
        GlobalDefinition[] globals = [];
        Export[] exports = [];
        uint? start = null;
        ElementSegment[] elements = [];
        uint? dataCount = null;
        FunctionBody[] bodies = [];
        DataSegment[] data = [];
        var customSections = new List<CustomSection>();

        var lastRank = 0;
        while (!cursor.AtEnd)
        {
            var idOffset = cursor.Offset;
            var id = cursor.ReadByte();
            if (id > (byte)SectionId.DataCount)
            {
                throw cursor.Error("malformed section id", idOffset);
            }

            var section = (SectionId)id;
            if (section != SectionId.Custom)
            {
                var rank = OrderRank(section);
                if (rank <= lastRank)
                {
                    throw cursor.Error("unexpected content after last section", idOffset);
                }

                lastRank = rank;
            }

            var size = cursor.ReadLength();
            var contentStart = cursor.Offset;
            try
            {
                switch (section)
                {
                    case SectionId.Custom: customSections.Add(CustomSectionReader.Read(ref cursor, contentStart, size)); break;
                    case SectionId.Type: types = TypeSectionReader.Read(ref cursor); break;
                    case SectionId.Import: imports = ImportSectionReader.Read(ref cursor); break;
                    case SectionId.Function: functionTypeIndices = FunctionSectionReader.Read(ref cursor); break;
                    case SectionId.Table: tables = TableSectionReader.Read(ref cursor); break;
                    case SectionId.Memory: memories = MemorySectionReader.Read(ref cursor); break;
                    case SectionId.Global: globals = GlobalSectionReader.Read(ref cursor); break;
                    case SectionId.Export: exports = ExportSectionReader.Read(ref cursor); break;
                    case SectionId.Start: start = StartSectionReader.Read(ref cursor); break;
                    case SectionId.Element: elements = ElementSectionReader.Read(ref cursor); break;
                    case SectionId.DataCount: dataCount = DataCountSectionReader.Read(ref cursor); break;
                    case SectionId.Code: bodies = CodeSectionReader.Read(ref cursor); break;
                    case SectionId.Data: data = DataSectionReader.Read(ref cursor); break;
                }
            }
            catch (MalformedModuleException e) when (e.Reason == "unexpected end")
            {
                // The testsuite's (and reference interpreter's) wording for running out of bytes inside a section.
                throw new MalformedModuleException("unexpected end of section or function", e.Offset);
            }

            if (cursor.Offset != contentStart + size)
            {
                throw cursor.Error("section size mismatch", contentStart);
            }
        }

        if ((functionTypeIndices?.Length ?? 0) != bodies.Length)
        {
            throw cursor.Error("function and code section have inconsistent lengths", cursor.Length);
        }

        if (dataCount is { } count && count != data.Length)
        {
            throw cursor.Error("data count and data section have inconsistent lengths", cursor.Length);
        }

        var nameSection = customSections.Find(c => c.Name == NameSectionReader.SectionName);
        return new ModuleDefinition
        {
            Types = types,
            Imports = imports,
            FunctionTypeIndices = functionTypeIndices ?? [],
            Tables = tables ?? [],
            Memories = memories ?? [],
            Globals = globals,
            Exports = exports,
            StartFunction = start,
            Elements = elements,
            DataCount = dataCount,
            Bodies = bodies,
            Data = data,
            CustomSections = customSections,
            Names = nameSection is null ? null : NameSectionReader.TryRead(nameSection),
        };
    }

    private static void ReadHeader(ref ModuleCursor cursor)
    {
        if (ReadWord(ref cursor) != Magic)
        {
            throw cursor.Error("magic header not detected", 0);
        }

        if (ReadWord(ref cursor) != Version)
        {
            throw cursor.Error("unknown binary version", 4);
        }
    }

    private static uint ReadWord(ref ModuleCursor cursor) =>
        cursor.ReadByte() | ((uint)cursor.ReadByte() << 8) | ((uint)cursor.ReadByte() << 16) | ((uint)cursor.ReadByte() << 24);

    /// <summary>Where a non-custom section must come (spec 5.5.2): data count sits between element and code.</summary>
    private static int OrderRank(SectionId section) => section switch
    {
        SectionId.DataCount => (int)SectionId.Element + 1,
        SectionId.Code or SectionId.Data => (int)section + 1,
        _ => (int)section,
    };
}
