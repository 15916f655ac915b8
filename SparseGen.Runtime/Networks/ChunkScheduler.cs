using System;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace SparseGen.Networks;

/// <summary>One unit of work of a batch-parallel pass: chunk <c>c</c> of a batch, run on whichever thread claims it.</summary>
internal interface IChunkJob
{
    void RunChunk(int chunk);
}

/// <summary>
/// Runs the chunks of a job on up to <c>threads</c> threads: the calling thread and thread-pool helpers claim chunk
/// indices from one counter until none is left. A helper that starts after the job has closed does nothing, so the
/// caller waits only for helpers already working, never for a pool thread to start. Allocation-free: the scheduler
/// is itself the work item queued. One job at a time per scheduler.
/// </summary>
internal sealed class ChunkScheduler : IThreadPoolWorkItem
{
    private const int Open = 1 << 30;
    private int _state;
    private int _next;
    private int _count;
    private IChunkJob? _job;
    private Exception? _error;

    /// <summary>Runs chunks 0 .. <paramref name="chunks"/> - 1 of <paramref name="job"/>, in any order, and returns when all are done.</summary>
    public void Run(IChunkJob job, int chunks, int threads)
    {
        if (threads <= 1 || chunks <= 1)
        {
            for (int c = 0; c < chunks; c++)
            {
                job.RunChunk(c);
            }

            return;
        }

        _job = job;
        _count = chunks;
        _next = 0;
        _error = null;
        Interlocked.Or(ref _state, Open);
        for (int t = 1; t < Math.Min(threads, chunks); t++)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }

        Claim();
        Interlocked.And(ref _state, ~Open);
        var spin = default(SpinWait);
        while (Volatile.Read(ref _state) != 0)
        {
            spin.SpinOnce(sleep1Threshold: -1);
        }

        _job = null;
        if (_error is { } error)
        {
            _error = null;
            ExceptionDispatchInfo.Throw(error);
        }
    }

    void IThreadPoolWorkItem.Execute()
    {
        int state;
        do
        {
            state = Volatile.Read(ref _state);
            if ((state & Open) == 0)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _state, state + 1, state) != state);

        try
        {
            Claim();
        }
        finally
        {
            Interlocked.Decrement(ref _state);
        }
    }

    private void Claim()
    {
        try
        {
            IChunkJob job = _job!;
            for (int c = Interlocked.Increment(ref _next) - 1; c < _count; c = Interlocked.Increment(ref _next) - 1)
            {
                job.RunChunk(c);
            }
        }
        catch (Exception e)
        {
            Interlocked.CompareExchange(ref _error, e, null);
            Interlocked.Exchange(ref _next, _count);
        }
    }
}
