namespace Wisp.Wasi;

/// <summary>args_* and environ_*: NUL-terminated UTF-8 strings and an array of pointers to them.</summary>
internal readonly partial struct WasiPreview1
{
    private Errno ArgsSizesGet(uint countPointer, uint bufferSizePointer) => WriteSizes(context.Arguments, countPointer, bufferSizePointer);

    private Errno ArgsGet(uint pointers, uint buffer) => WriteStrings(context.Arguments, pointers, buffer);

    private Errno EnvironSizesGet(uint countPointer, uint bufferSizePointer) => WriteSizes(context.Environment, countPointer, bufferSizePointer);

    private Errno EnvironGet(uint pointers, uint buffer) => WriteStrings(context.Environment, pointers, buffer);

    private Errno WriteSizes(byte[][] strings, uint countPointer, uint bufferSizePointer)
    {
        Memory.WriteUInt32(countPointer, (uint)strings.Length);
        Memory.WriteUInt32(bufferSizePointer, (uint)strings.Sum(s => (long)s.Length));
        return Errno.Success;
    }

    private Errno WriteStrings(byte[][] strings, uint pointers, uint buffer)
    {
        var memory = Memory;
        var offset = buffer;
        for (var i = 0; i < strings.Length; i++)
        {
            memory.WriteUInt32(pointers + ((uint)i * 4), offset);
            strings[i].CopyTo(memory.Span(offset, (uint)strings[i].Length));
            offset += (uint)strings[i].Length;
        }

        return Errno.Success;
    }
}
