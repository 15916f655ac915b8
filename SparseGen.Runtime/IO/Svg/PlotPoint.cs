namespace SparseGen.IO.Svg;

/// <summary>A point of a <see cref="PlotSeries"/>.</summary>
/// <param name="X">Position on the x axis.</param>
/// <param name="Y">Position on the y axis.</param>
/// <param name="Error">Half-length of the error bar (for example one standard deviation); 0 draws none.</param>
internal sealed record PlotPoint(double X, double Y, double Error = 0);
