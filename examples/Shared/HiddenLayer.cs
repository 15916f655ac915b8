using System;
using System.Globalization;

namespace SparseGen.Examples;

/// <summary>The check the examples make of a hidden layer's density before they build it or load data (the generator refuses the same declarations).</summary>
internal static class HiddenLayer
{
    /// <summary>
    /// Why an <paramref name="inputs"/> x <paramref name="units"/> layer of <paramref name="pattern"/>, one whose edge count
    /// is <c>round(density nin nout)</c>, cannot have <paramref name="density"/>: outside (0, 1], no edge, or more edges than a
    /// layer holds; null when it can.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="pattern"/> sets a degree per input instead (<see cref="Topology.UsesDegree"/>).</exception>
    public static string? DensityProblem(ConnectivityPattern pattern, double density, int inputs, int units)
    {
        if (Topology.UsesDegree(pattern))
        {
            throw new ArgumentException($"{pattern} sets a degree per input; this check is for patterns of round(density nin nout) edges.", nameof(pattern));
        }

        string d = density.ToString(CultureInfo.InvariantCulture);
        if (!(density > 0 && density <= 1))
        {
            return $"{d} is not in (0, 1]";
        }

        long edges = Topology.EdgeCountFor(pattern, inputs, units, density);
        return edges < 1 ? $"{d} gives the {inputs} x {units} hidden layer round(density * {inputs} * {units}) = 0 edges; raise it above {(0.5 / ((double)inputs * units)).ToString("G3", CultureInfo.InvariantCulture)}"
            : edges > Topology.MaxEdgeCount ? $"{d} gives the {inputs} x {units} hidden layer {edges} edges, more than a layer holds ({Topology.MaxEdgeCount})"
            : null;
    }
}
