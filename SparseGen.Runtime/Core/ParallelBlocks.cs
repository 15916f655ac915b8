using System;
using System.Threading.Tasks;

namespace SparseGen.Core;

/// <summary>
/// Work over the items <c>[0, count)</c> cut into contiguous blocks that run on up to a given number of threads, the
/// calling thread included. Its users write each item's result apart, or combine per-block results in block order, so
/// what they compute does not depend on the number of threads or blocks.
/// </summary>
internal static class ParallelBlocks
{
    /// <summary>
    /// Items from which a pass of a few nanoseconds per item (an evolution step's, per edge) is worth sharing: about
    /// a millisecond of work, where a thread starts in microseconds.
    /// </summary>
    public const int SharedItems = 1 << 17;

    /// <summary>The threads a pass over <paramref name="count"/> items uses: <paramref name="threads"/> from <see cref="SharedItems"/> items, else 1.</summary>
    public static int Threads(long count, int threads) => count >= SharedItems ? threads : 1;

    /// <summary>
    /// The blocks <see cref="Run(int, int, Action{int, int})"/> cuts <paramref name="count"/> items into: one on one
    /// thread, else four per thread (a thread slowed by another program leaves less behind); at most one per item.
    /// </summary>
    public static int Blocks(int count, int threads) => (int)Math.Min(count, threads == 1 ? 1 : 4L * threads);

    /// <summary>The first item of block <paramref name="block"/> when <paramref name="count"/> items are cut into <paramref name="blocks"/> blocks.</summary>
    public static int Start(int count, int blocks, int block) => (int)((long)count * block / blocks);

    /// <summary>Runs <c>body(from, to)</c> over <see cref="Blocks"/> blocks of the <paramref name="count"/> items on up to <paramref name="threads"/> threads.</summary>
    public static void Run(int count, int threads, Action<int, int> body) =>
        Run(count, Blocks(count, threads), threads, (_, from, to) => body(from, to));

    /// <summary>Runs <c>body(block, from, to)</c> over <paramref name="blocks"/> blocks of the <paramref name="count"/> items on up to <paramref name="threads"/> threads.</summary>
    public static void Run(int count, int blocks, int threads, Action<int, int, int> body)
    {
        if (blocks <= 1)
        {
            body(0, 0, count);
            return;
        }

        Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = threads },
            b => body(b, Start(count, blocks, b), Start(count, blocks, b + 1)));
    }
}
