using Wisp.Model;

namespace Wisp.Loader.Binary;

/// <summary>A custom section (spec 5.5.3): a name, then opaque content up to the section's end.</summary>
internal static class CustomSectionReader
{
    public static CustomSection Read(ref ModuleCursor cursor, int sectionStart, int sectionSize)
    {
        var name = cursor.ReadName();
        var contentStart = cursor.Offset;
        var contentLength = sectionStart + sectionSize - contentStart;
        if (contentLength < 0)
        {
            // The name ran past the section's end.
            throw cursor.Error("unexpected end of section or function", sectionStart + sectionSize);
        }

        cursor.Skip(contentLength);
        return new CustomSection(name, cursor.Slice(contentStart, contentLength), sectionStart);
    }
}
