using SparseGen;
using SparseGen.Networks;

namespace SparseGen.Benchmarks;

// Layers for the Unrolled / Table crossover: Uniform at density 0.25, the same topology emitted both ways.

[SparseModel(Inputs = 64)]
public sealed partial class Crossover128Table
{
    [SparseLayer(0.25, ConnectivityPattern.Uniform, 1, Units = 8, Codegen = CodegenStrategy.Table)]
    public partial ISparseLayer Layer { get; }
}

[SparseModel(Inputs = 64)]
public sealed partial class Crossover128Unrolled
{
    [SparseLayer(0.25, ConnectivityPattern.Uniform, 1, Units = 8, Codegen = CodegenStrategy.Unrolled)]
    public partial ISparseLayer Layer { get; }
}

[SparseModel(Inputs = 64)]
public sealed partial class Crossover512Table
{
    [SparseLayer(0.25, ConnectivityPattern.Uniform, 1, Units = 32, Codegen = CodegenStrategy.Table)]
    public partial ISparseLayer Layer { get; }
}

[SparseModel(Inputs = 64)]
public sealed partial class Crossover512Unrolled
{
    [SparseLayer(0.25, ConnectivityPattern.Uniform, 1, Units = 32, Codegen = CodegenStrategy.Unrolled)]
    public partial ISparseLayer Layer { get; }
}

[SparseModel(Inputs = 128)]
public sealed partial class Crossover2048Table
{
    [SparseLayer(0.25, ConnectivityPattern.Uniform, 1, Units = 64, Codegen = CodegenStrategy.Table)]
    public partial ISparseLayer Layer { get; }
}

[SparseModel(Inputs = 128)]
public sealed partial class Crossover2048Unrolled
{
    [SparseLayer(0.25, ConnectivityPattern.Uniform, 1, Units = 64, Codegen = CodegenStrategy.Unrolled)]
    public partial ISparseLayer Layer { get; }
}

[SparseModel(Inputs = 128)]
public sealed partial class Crossover4096Table
{
    [SparseLayer(0.25, ConnectivityPattern.Uniform, 1, Units = 128, Codegen = CodegenStrategy.Table)]
    public partial ISparseLayer Layer { get; }
}

[SparseModel(Inputs = 128)]
public sealed partial class Crossover4096Unrolled
{
    [SparseLayer(0.25, ConnectivityPattern.Uniform, 1, Units = 128, Codegen = CodegenStrategy.Unrolled)]
    public partial ISparseLayer Layer { get; }
}

// Rotating layers of the MNIST shape: IndexFree (index-free windows) against Table.

[SparseModel(Inputs = 784)]
public sealed partial class RegularRotatingIndexFree
{
    [SparseLayer(0.1, ConnectivityPattern.RegularRotating, 0, Units = 250, Codegen = CodegenStrategy.IndexFree)]
    public partial ISparseLayer Layer { get; }
}

[SparseModel(Inputs = 784)]
public sealed partial class RegularRotatingTable
{
    [SparseLayer(0.1, ConnectivityPattern.RegularRotating, 0, Units = 250, Codegen = CodegenStrategy.Table)]
    public partial ISparseLayer Layer { get; }
}

