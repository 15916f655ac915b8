using System.Collections.Concurrent;
using SparseGen.Networks;

namespace SparseGen.Tests.Training;

public class ChunkSchedulerTests
{
    private sealed class Recorder : IChunkJob
    {
        public readonly ConcurrentDictionary<int, int> Threads = new();
        public readonly int[] Runs = new int[16];

        public void RunChunk(int chunk)
        {
            Threads.AddOrUpdate(Environment.CurrentManagedThreadId, 1, (_, n) => n + 1);
            Interlocked.Increment(ref Runs[chunk]);
            Thread.Sleep(20);
        }
    }

    [Fact]
    public void Every_chunk_runs_once_and_helpers_share_the_work()
    {
        var scheduler = new ChunkScheduler();
        var job = new Recorder();
        scheduler.Run(job, 16, 4);
        Assert.All(job.Runs, n => Assert.Equal(1, n));
        Assert.True(job.Threads.Count > 1, $"only the calling thread ran chunks");
    }
}
