using System;
using System.Linq;
using MathNet.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace SparseGen.Analysis;

/// <summary>The metrics the papers use to judge a topology before training (docs/patterns.md, "Metrics").</summary>
public static class TopologyAnalysis
{
    /// <summary>Minimum, maximum and mean fan-in (per output) and fan-out (per input).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="topology"/> is null.</exception>
    public static DegreeStatistics Degrees(Topology topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        int[] fanIn = Enumerable.Range(0, topology.Units).Select(topology.FanIn).ToArray();
        int[] fanOut = Enumerable.Range(0, topology.Inputs).Select(topology.FanOut).ToArray();
        return new DegreeStatistics(fanIn.Min(), fanIn.Max(), fanIn.Average(), fanOut.Min(), fanOut.Max(), fanOut.Average());
    }

    /// <summary>
    /// <c>log10</c> of the number of uniform sparse networks with <paramref name="edges"/> edges between
    /// <paramref name="inputs"/> and <paramref name="outputs"/> neurons (Luo 2020, eq. 1-7):
    /// <c>log10 Nu = nin log10 C(nout, dout) + nout log10 C(nin, din) - log10 C(nin nout, E)</c> with
    /// <c>dout = round(E / nin)</c> and <c>din = round(E / nout)</c>, computed with log-gamma.
    /// Table 2 of the paper: 784 x 250 at density 0.1 gives 26403.79.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1 or <paramref name="edges"/> is outside [0, nin * nout].</exception>
    public static double Log10ModelSpace(int inputs, int outputs, long edges)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputs, 1);
        long all = (long)inputs * outputs;
        if (edges < 0 || edges > all)
        {
            throw new ArgumentOutOfRangeException(nameof(edges), edges, $"The edge count must be in [0, {all}].");
        }

        long fanOut = (long)Math.Round((double)edges / inputs, MidpointRounding.ToEven);
        long fanIn = (long)Math.Round((double)edges / outputs, MidpointRounding.ToEven);
        return (inputs * Log10Binomial(outputs, fanOut)) + (outputs * Log10Binomial(inputs, fanIn)) - Log10Binomial(all, edges);
    }

    /// <summary><c>log10 C(n, k)</c> by log-gamma.</summary>
    public static double Log10Binomial(long n, long k) =>
        (SpecialFunctions.GammaLn(n + 1.0) - SpecialFunctions.GammaLn(k + 1.0) - SpecialFunctions.GammaLn(n - k + 1.0)) / Math.Log(10);

    /// <summary>
    /// Structure variation (Luo 2020, eq. 8): the fraction of the edges of <paramref name="a"/> that
    /// <paramref name="b"/> lacks, in [0, 1]. Two random topologies of density <c>d</c> differ in about <c>1 - d</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The topologies have different shapes.</exception>
    public static double StructureVariation(Topology a, Topology b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Inputs != b.Inputs || a.Units != b.Units)
        {
            throw new ArgumentException($"Topologies of {a.Inputs} x {a.Units} and {b.Inputs} x {b.Units} cannot be compared; they need the same shape.", nameof(b));
        }

        if (a.EdgeCount == 0)
        {
            return 0;
        }

        long shared = 0;
        for (int j = 0; j < a.Units; j++)
        {
            ReadOnlySpan<int> x = a.Columns[a.RowOffsets[j]..a.RowOffsets[j + 1]];
            ReadOnlySpan<int> y = b.Columns[b.RowOffsets[j]..b.RowOffsets[j + 1]];
            for (int p = 0, q = 0; p < x.Length && q < y.Length;)
            {
                if (x[p] == y[q])
                {
                    shared++;
                    p++;
                    q++;
                }
                else if (x[p] < y[q])
                {
                    p++;
                }
                else
                {
                    q++;
                }
            }
        }

        return 1 - ((double)shared / a.EdgeCount);
    }

    /// <summary>
    /// Scatter (Dey et al., section 3.1, eq. 1) of one junction. The inputs are cut into <c>round(E / nout)</c>
    /// contiguous windows (the ideal fan-in: one edge from each window to each output) and the outputs into
    /// <c>round(E / nin)</c> windows; the forward value is the fraction of (output, input window) pairs joined by at
    /// least one edge, the backward value the fraction of (output window, input) pairs. 1 for a dense layer.
    /// Windows are one-dimensional index ranges here, where the paper cuts images into 2D tiles.
    /// </summary>
    public static ScatterValues Scatter(Topology topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        int nin = topology.Inputs, nout = topology.Units;
        if (topology.EdgeCount == 0)
        {
            return new ScatterValues(0, 0);
        }

        int leftWindows = Math.Clamp((int)Math.Round((double)topology.EdgeCount / nout), 1, nin);
        int rightWindows = Math.Clamp((int)Math.Round((double)topology.EdgeCount / nin), 1, nout);
        var forward = new bool[(long)nout * leftWindows];
        var backward = new bool[(long)rightWindows * nin];
        foreach (var (i, j) in topology.Edges)
        {
            forward[((long)j * leftWindows) + ((long)i * leftWindows / nin)] = true;
            backward[((long)j * rightWindows / nout * nin) + i] = true;
        }

        return new ScatterValues((double)forward.Count(c => c) / forward.Length, (double)backward.Count(c => c) / backward.Length);
    }

    /// <summary>
    /// Algebraic connectivity (Bourely 2017, section 4.5; docs/patterns.md): the second-smallest eigenvalue of the
    /// Laplacian <c>L = D - A</c> of the bipartite graph <c>A = [[0, B], [B^T, 0]]</c> on <c>nin + nout</c> nodes;
    /// 0 when the graph is disconnected. Dense symmetric eigendecomposition (MathNet.Numerics), <c>O((nin + nout)^3)</c>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The <c>(nin + nout)^2</c> Laplacian has more entries than an array holds.</exception>
    public static double AlgebraicConnectivity(Topology topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        long nodes = (long)topology.Inputs + topology.Units;
        CheckDense(nodes, nodes, nameof(topology));
        int nin = topology.Inputs, n = (int)nodes;
        var laplacian = Matrix<double>.Build.Dense(n, n);
        foreach (var (i, j) in topology.Edges)
        {
            int a = i, b = nin + j;
            laplacian[a, b] = -1;
            laplacian[b, a] = -1;
            laplacian[a, a] += 1;
            laplacian[b, b] += 1;
        }

        double[] eigenvalues = laplacian.Evd(Symmetricity.Symmetric).EigenValues.Select(c => c.Real).Order().ToArray();
        return n < 2 ? 0 : Math.Max(0, eigenvalues[1]);
    }

    /// <summary>Spectral gap of the biadjacency matrix <c>B</c> (Bourely 2017, section 4.5; docs/patterns.md): <c>sigma1 - sigma2</c> of its singular values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The <c>nout x nin</c> matrix has more entries than an array holds.</exception>
    public static double SpectralGap(Topology topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        CheckDense(topology.Units, topology.Inputs, nameof(topology));
        var b = Matrix<double>.Build.Dense(topology.Units, topology.Inputs);
        foreach (var (i, j) in topology.Edges)
        {
            b[j, i] = 1;
        }

        double[] sigma = b.Svd(computeVectors: false).S.OrderDescending().ToArray();
        return sigma.Length < 2 ? sigma.FirstOrDefault() : sigma[0] - sigma[1];
    }

    /// <summary>Refuses a dense matrix whose entry count, counted in 64 bits, exceeds the longest array (an <c>int</c> product would wrap negative).</summary>
    private static void CheckDense(long rows, long columns, string name)
    {
        if (rows * columns > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(name, $"A dense {rows} x {columns} matrix has {rows * columns} entries, more than an array holds ({Array.MaxLength}); spectral metrics are for layers of at most about 46,000 nodes.");
        }
    }
}

/// <summary>Degree statistics of a topology.</summary>
/// <param name="FanInMin">Smallest fan-in of an output.</param>
/// <param name="FanInMax">Largest fan-in of an output.</param>
/// <param name="FanInMean">Mean fan-in, <c>E / nout</c>.</param>
/// <param name="FanOutMin">Smallest fan-out of an input.</param>
/// <param name="FanOutMax">Largest fan-out of an input.</param>
/// <param name="FanOutMean">Mean fan-out, <c>E / nin</c>.</param>
public sealed record DegreeStatistics(int FanInMin, int FanInMax, double FanInMean, int FanOutMin, int FanOutMax, double FanOutMean);

/// <summary>Scatter of one junction (Dey et al., section 3.1).</summary>
/// <param name="Forward">Fraction of (output, input window) pairs that an edge joins, in [0, 1].</param>
/// <param name="Backward">Fraction of (output window, input) pairs that an edge joins, in [0, 1].</param>
public sealed record ScatterValues(double Forward, double Backward)
{
    /// <summary>The scalar scatter: the smaller of the two values, as the paper takes the critical minimum.</summary>
    public double Value => Math.Min(Forward, Backward);
}
