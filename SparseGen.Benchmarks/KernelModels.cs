using SparseGen;
using SparseGen.Networks;

namespace SparseGen.Benchmarks;

// The generated side of the kernel benchmarks: Uniform layers (seeded pattern, Table or Unrolled), RegularRotating
// layers (IndexFree) and dense layers, at the benchmark's shapes and densities.

[SparseModel(Inputs = 784)] public sealed partial class U784d001 { [SparseLayer(0.01, ConnectivityPattern.Uniform, 42, Units = 250)] public partial ISparseLayer Layer { get; } }
[SparseModel(Inputs = 784)] public sealed partial class U784d001Unrolled { [SparseLayer(0.01, ConnectivityPattern.Uniform, 42, Units = 250, Codegen = CodegenStrategy.Unrolled)] public partial ISparseLayer Layer { get; } }
[SparseModel(Inputs = 784)] public sealed partial class U784d01 { [SparseLayer(0.1, ConnectivityPattern.Uniform, 42, Units = 250)] public partial ISparseLayer Layer { get; } }
[SparseModel(Inputs = 784)] public sealed partial class U784d05 { [SparseLayer(0.5, ConnectivityPattern.Uniform, 42, Units = 250)] public partial ISparseLayer Layer { get; } }
[SparseModel(Inputs = 784)] public sealed partial class R784d001 { [SparseLayer(0.01, ConnectivityPattern.RegularRotating, 0, Units = 250)] public partial ISparseLayer Layer { get; } }
[SparseModel(Inputs = 784)] public sealed partial class R784d01 { [SparseLayer(0.1, ConnectivityPattern.RegularRotating, 0, Units = 250)] public partial ISparseLayer Layer { get; } }
[SparseModel(Inputs = 784)] public sealed partial class R784d05 { [SparseLayer(0.5, ConnectivityPattern.RegularRotating, 0, Units = 250)] public partial ISparseLayer Layer { get; } }
[SparseModel(Inputs = 784)] public sealed partial class D784 { [SparseLayer(1.0, ConnectivityPattern.Dense, 0, Units = 250)] public partial ISparseLayer Layer { get; } }
[SparseModel(Inputs = 4096)] public sealed partial class U4096d001 { [SparseLayer(0.01, ConnectivityPattern.Uniform, 42, Units = 4096)] public partial ISparseLayer Layer { get; } }
[SparseModel(Inputs = 4096)] public sealed partial class U4096d01 { [SparseLayer(0.1, ConnectivityPattern.Uniform, 42, Units = 4096)] public partial ISparseLayer Layer { get; } }
[SparseModel(Inputs = 4096)] public sealed partial class U4096d05 { [SparseLayer(0.5, ConnectivityPattern.Uniform, 42, Units = 4096)] public partial ISparseLayer Layer { get; } }
[SparseModel(Inputs = 4096)] public sealed partial class R4096d001 { [SparseLayer(0.01, ConnectivityPattern.RegularRotating, 0, Units = 4096)] public partial ISparseLayer Layer { get; } }
[SparseModel(Inputs = 4096)] public sealed partial class R4096d01 { [SparseLayer(0.1, ConnectivityPattern.RegularRotating, 0, Units = 4096)] public partial ISparseLayer Layer { get; } }
[SparseModel(Inputs = 4096)] public sealed partial class R4096d05 { [SparseLayer(0.5, ConnectivityPattern.RegularRotating, 0, Units = 4096)] public partial ISparseLayer Layer { get; } }
[SparseModel(Inputs = 4096)] public sealed partial class D4096 { [SparseLayer(1.0, ConnectivityPattern.Dense, 0, Units = 4096)] public partial ISparseLayer Layer { get; } }
