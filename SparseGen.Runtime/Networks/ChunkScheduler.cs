using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace SparseGen.Networks;

/// <summary>One unit of work of a batch-parallel pass: chunk <c>c</c> of a batch, run on whichever thread claims it.</summary>
internal interface IChunkJob
{
    void RunChunk(int chunk);
}

/// <summary>
/// Runs the chunks of a job on up to <c>threads</c> threads: the calling thread and helpers from
/// <see cref="ChunkWorkers"/> claim chunk indices from one counter until none is left. A helper that arrives after the
/// job has closed does nothing, so the caller waits only for helpers already working, never for one to start.
/// One job at a time per scheduler.
/// </summary>
internal sealed class ChunkScheduler
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
        ChunkWorkers.Post(this, Math.Min(threads, chunks) - 1);

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

    /// <summary>A helper joins the job if it is still open and claims chunks until none is left.</summary>
    public void Help()
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

/// <summary>
/// The helper threads of every <see cref="ChunkScheduler"/>: one fewer than the logical cores (at least one), started
/// on first use as background threads and shared by every network. Dedicated threads, not the thread pool, so a
/// caller running on a pool thread (a test runner, a server) still gets its helpers at once.
/// </summary>
internal static class ChunkWorkers
{
    private static readonly ConcurrentQueue<ChunkScheduler> Queue = new();
    private static readonly SemaphoreSlim Signal = new(0);
    private static int _started;

    /// <summary>Asks <paramref name="helpers"/> helpers to join <paramref name="scheduler"/>'s current job.</summary>
    public static void Post(ChunkScheduler scheduler, int helpers)
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            for (int t = 0; t < Math.Max(1, Environment.ProcessorCount - 1); t++)
            {
                new Thread(Work) { IsBackground = true, Name = "SparseGen chunk worker" }.Start();
            }
        }

        for (int h = 0; h < helpers; h++)
        {
            Queue.Enqueue(scheduler);
        }

        Signal.Release(helpers);
    }

    /// <summary>How long a helper keeps looking for the next job before it sleeps: a training loop posts one every few hundred microseconds, and waking a sleeping thread costs about as much.</summary>
    private static readonly long SpinTicks = Stopwatch.Frequency / 500;

    private static void Work()
    {
        while (true)
        {
            if (!Signal.Wait(0))
            {
                long until = Stopwatch.GetTimestamp() + SpinTicks;
                var spin = default(SpinWait);
                while (Signal.CurrentCount == 0 && Stopwatch.GetTimestamp() < until)
                {
                    spin.SpinOnce(sleep1Threshold: -1);
                }

                Signal.Wait();
            }

            if (Queue.TryDequeue(out ChunkScheduler? scheduler))
            {
                scheduler.Help();
            }
        }
    }
}
