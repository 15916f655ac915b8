using SparseGen.Backends.Device;
namespace SparseGen.Training;

/// <summary>
/// One optimizer step as a device kernel of <see cref="DeviceRuntimeKernels"/>: its name, how many of the
/// optimizer's slots it updates, and the scalars that follow the common arguments
/// <c>(w, g, slots..., n, decay, nonfinite)</c>.
/// </summary>
internal sealed record DeviceUpdate(string Kernel, int SlotCount, float[] Scalars);
