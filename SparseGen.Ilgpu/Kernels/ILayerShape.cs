namespace SparseGen.Ilgpu.Kernels;

/// <summary>
/// A layer's sizes as a struct the kernels are specialised on: generated layers implement it with constants, so
/// ILGPU compiles their kernels with the sizes folded in; the generic path (<see cref="RuntimeShape"/>) with fields.
/// </summary>
public interface ILayerShape
{
    /// <summary>The number of inputs <c>nin</c>.</summary>
    int Inputs { get; }

    /// <summary>The number of outputs <c>nout</c>.</summary>
    int Units { get; }
}

/// <summary>The sizes of a layer in column-major ELLPACK (<see cref="EllTables"/>): its largest fan-in and fan-out besides <see cref="ILayerShape"/>'s.</summary>
public interface IEllShape : ILayerShape
{
    /// <summary>The largest fan-in: weight slots per output.</summary>
    int Width { get; }

    /// <summary>The largest fan-out: edges listed per input.</summary>
    int InputWidth { get; }
}

/// <summary>
/// A rotating layer (Bourely et al. 2017, section 3.1.2) without tables: input <c>i</c> feeds output
/// <c>(Shift(t) + i) mod nout</c> through weight slot <c>t * nin + i</c>, for each of the <see cref="Degree"/> shifts.
/// </summary>
public interface IRotationShape : ILayerShape
{
    /// <summary>The number of shifts (the fan-out of every input).</summary>
    int Degree { get; }

    /// <summary>Shift <paramref name="t"/>, in <c>[0, nout)</c>.</summary>
    int Shift(int t);
}
