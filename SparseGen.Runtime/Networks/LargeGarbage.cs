using System;

namespace SparseGen.Networks;

/// <summary>
/// Hands the large arrays a layer's rebuild dropped back to the allocator before the next layer allocates its own.
/// The runtime frees large arrays only in full collections, so a network of 10^8 edges that builds or rewires layer
/// after layer would otherwise hold every layer's old tables until one happens: the SET example's
/// 784-10^6-10^6-10^6-10 network peaked at 12.8 GiB without this (docs/scale.md).
/// </summary>
internal static class LargeGarbage
{
    /// <summary>Edges from which a rebuilt layer's garbage (tens of bytes per edge) is worth a full collection's milliseconds.</summary>
    private const long Threshold = 1 << 22;

    /// <summary>Runs a full, blocking collection when a step that rebuilt <paramref name="edges"/> edges left enough garbage to matter.</summary>
    public static void Release(long edges)
    {
        if (edges >= Threshold)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: false);
        }
    }
}
