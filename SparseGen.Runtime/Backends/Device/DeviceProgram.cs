using System;
using System.Collections.Generic;

namespace SparseGen.Backends.Device;

/// <summary>A program built for one accelerator; its kernels are looked up by name once and reused.</summary>
public abstract class DeviceProgram
{
    private readonly Dictionary<string, DeviceKernel> _kernels = [];

    /// <summary>The kernel <paramref name="name"/>.</summary>
    /// <exception cref="DeviceException">The program has no kernel of that name.</exception>
    public DeviceKernel this[string name]
    {
        get
        {
            ArgumentNullException.ThrowIfNull(name);
            lock (_kernels)
            {
                if (!_kernels.TryGetValue(name, out DeviceKernel? kernel))
                {
                    kernel = CreateKernel(name);
                    _kernels[name] = kernel;
                }

                return kernel;
            }
        }
    }

    /// <summary>Looks up the kernel <paramref name="name"/>.</summary>
    protected abstract DeviceKernel CreateKernel(string name);
}
