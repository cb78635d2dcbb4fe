namespace Wisp.Wasi;

/// <summary>random_get.</summary>
internal readonly partial struct WasiPreview1
{
    private unsafe Errno RandomGet(uint buffer, uint length)
    {
        var start = Memory.Pointer(buffer, length);
        for (uint done = 0; done < length;)
        {
            var chunk = (int)Math.Min(length - done, 1 << 20);
            context.FillRandom(new Span<byte>(start + done, chunk));
            done += (uint)chunk;
        }

        return Errno.Success;
    }
}
