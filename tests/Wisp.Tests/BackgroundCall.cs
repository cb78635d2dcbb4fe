namespace Wisp.Tests;

/// <summary>
/// Runs a call that might never return (a guest loop the test expects to be stopped) on a background
/// thread, so a broken engine fails the test instead of hanging the run.
/// </summary>
internal static class BackgroundCall
{
    /// <summary>The exception <paramref name="call"/> ended with, or null if it returned; fails if it is still running after <paramref name="limit"/>.</summary>
    /// <param name="stackSize">The thread's stack size in bytes; 0 for the default.</param>
    public static Exception? Run(Action call, TimeSpan limit, int stackSize = 0)
    {
        Exception? thrown = null;
        var thread = new Thread(() =>
        {
            try
            {
                call();
            }
            catch (Exception e)
            {
                thrown = e;
            }
        }, stackSize)
        { IsBackground = true };
        thread.Start();
        Assert.True(thread.Join(limit), $"the call was still running after {limit}");
        return thrown;
    }
}
