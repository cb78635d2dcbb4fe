namespace Wisp.Serving.Execution;

/// <summary>
/// Bounds how many guests run at once. A request that finds every slot taken waits in a short queue
/// (at most <c>queueLength</c> requests, each for at most <c>queueTimeout</c>); when the queue is full
/// or the wait runs out it is refused, and the caller answers 503.
/// </summary>
public sealed class ConcurrencyGate : IDisposable
{
    private readonly SemaphoreSlim _slots;
    private readonly int _queueLength;
    private readonly TimeSpan _queueTimeout;
    private int _queued;

    public ConcurrencyGate(int maxConcurrency, int queueLength, TimeSpan queueTimeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrency, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(queueLength);
        _slots = new SemaphoreSlim(maxConcurrency, maxConcurrency);
        _queueLength = queueLength;
        _queueTimeout = queueTimeout;
    }

    /// <summary>Requests waiting for a slot now.</summary>
    public int Queued => Volatile.Read(ref _queued);

    /// <summary>Takes a slot, waiting in the queue if needed; false when refused.</summary>
    public ValueTask<bool> EnterAsync(CancellationToken cancellation)
    {
        // The common case takes a free slot without allocating.
        return _slots.Wait(0, CancellationToken.None) ? new ValueTask<bool>(true) : new ValueTask<bool>(WaitInQueueAsync(cancellation));
    }

    public void Exit() => _slots.Release();

    public void Dispose() => _slots.Dispose();

    private async Task<bool> WaitInQueueAsync(CancellationToken cancellation)
    {
        if (Interlocked.Increment(ref _queued) > _queueLength)
        {
            Interlocked.Decrement(ref _queued);
            return false;
        }

        try
        {
            return await _slots.WaitAsync(_queueTimeout, cancellation);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        finally
        {
            Interlocked.Decrement(ref _queued);
        }
    }
}
