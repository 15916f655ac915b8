using System.Collections.Generic;

namespace SparseGen.IO.Svg;

/// <summary>One series of a <see cref="LinePlot"/>.</summary>
/// <param name="Name">Legend text.</param>
/// <param name="Points">The points; drawn in order of x.</param>
/// <param name="Line">Join the points with a line; false draws markers only.</param>
/// <param name="Style">Index of the colour and marker, so that a series keeps its look across plots; null: the series' position.</param>
/// <param name="Dashed">Draw the line dashed (validation beside training).</param>
internal sealed record PlotSeries(string Name, IReadOnlyList<PlotPoint> Points, bool Line = true, int? Style = null, bool Dashed = false);
