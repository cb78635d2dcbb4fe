namespace Wisp.Fuzz.Transcripts;

/// <summary>
/// Records a transcript on a thread of its own with a wall-clock limit. Wisp has no fuel or
/// interruption yet, so a guest that never returns cannot be stopped: the thread is abandoned
/// (it is a background thread, so it does not keep the process alive) and the run reports a hang.
/// The thread also gets a large stack, as the engine's own hosts give guest code.
/// </summary>
public static class WatchdogRecorder
{
    private const int GuestStackBytes = 64 * 1024 * 1024;

    public static Transcript Record(IGuestEngine engine, byte[] wasm, TimeSpan timeout)
    {
        Transcript? transcript = null;
        Exception? failure = null;
        var worker = new Thread(
            () =>
            {
                try
                {
                    transcript = TranscriptRecorder.Record(engine, wasm);
                }
                catch (Exception e)
                {
                    failure = e;
                }
            },
            GuestStackBytes)
        {
            IsBackground = true,
            Name = $"{engine.Name} guest",
        };
        worker.Start();
        if (!worker.Join(timeout))
        {
            return Transcript.HungAfter(engine.Name, timeout);
        }

        return failure is null ? transcript! : throw new InvalidOperationException($"recording on {engine.Name} failed", failure);
    }
}
