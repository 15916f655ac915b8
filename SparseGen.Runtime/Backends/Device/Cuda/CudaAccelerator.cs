using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using static SparseGen.Backends.Device.Cuda.CudaNative;

namespace SparseGen.Backends.Device.Cuda;

/// <summary>
/// A CUDA device through the driver API: its primary context, the default stream (in order), programs
/// compiled to PTX by NVRTC for the device's compute capability and loaded as modules.
/// </summary>
internal sealed unsafe class CudaAccelerator : Accelerator
{
    private const int NoDevice = 100;
    private readonly int _device;
    private readonly nint _context;
    private readonly string _architecture;
    private readonly List<nint> _modules = [];
    private bool _released;

    private CudaAccelerator(int device, nint context, string name, string architecture)
        : base(AcceleratorKind.Cuda, name)
    {
        _device = device;
        _context = context;
        _architecture = architecture;
    }

    public static CudaAccelerator Open()
    {
        try
        {
            int status = cuInit(0);
            int count = 0;
            if (status == NoDevice || (status == Success && cuDeviceGetCount(&count) == Success && count == 0))
            {
                throw new AcceleratorUnavailableException(AcceleratorKind.Cuda, "the CUDA driver found no device.");
            }

            Check(status, "cuInit");
            if (!NativeLibrary.TryLoad(NativeLibraries.Nvrtc, typeof(CudaAccelerator).Assembly, null, out _))
            {
                throw new AcceleratorUnavailableException(AcceleratorKind.Cuda,
                    $"NVRTC, which compiles the kernels, is not installed (tried {NativeLibraries.Candidates(NativeLibraries.Nvrtc)}); install the CUDA toolkit's NVRTC library.");
            }

            int device;
            Check(cuDeviceGet(&device, 0), "cuDeviceGet");
            byte* name = stackalloc byte[256];
            Check(cuDeviceGetName(name, 256, device), "cuDeviceGetName");
            int major, minor;
            Check(cuDeviceGetAttribute(&major, ComputeCapabilityMajor, device), "cuDeviceGetAttribute");
            Check(cuDeviceGetAttribute(&minor, ComputeCapabilityMinor, device), "cuDeviceGetAttribute");
            nint context;
            Check(cuDevicePrimaryCtxRetain(&context, device), "cuDevicePrimaryCtxRetain");
            Check(cuCtxSetCurrent(context), "cuCtxSetCurrent");
            string architecture = string.Create(CultureInfo.InvariantCulture, $"compute_{major}{minor}");
            return new CudaAccelerator(device, context, $"{Marshal.PtrToStringUTF8((nint)name)} (sm_{major}{minor})", architecture);
        }
        catch (DllNotFoundException e)
        {
            throw new AcceleratorUnavailableException(AcceleratorKind.Cuda,
                $"the NVIDIA driver's CUDA library is not installed (tried {NativeLibraries.Candidates(NativeLibraries.Cuda)}).", e);
        }
        catch (EntryPointNotFoundException e)
        {
            throw new AcceleratorUnavailableException(AcceleratorKind.Cuda, $"the CUDA driver is too old: {e.Message}", e);
        }
    }

    /// <summary>Makes this accelerator's context current on the calling thread.</summary>
    internal void Enter() => Check(cuCtxSetCurrent(_context), "cuCtxSetCurrent");

    /// <summary>Makes the context current if it still exists; false after <see cref="Accelerator.Dispose"/>.</summary>
    internal bool TryEnter() => !_released && cuCtxSetCurrent(_context) == Success;

    public override void Synchronize()
    {
        Enter();
        Check(cuCtxSynchronize(), "cuCtxSynchronize");
    }

    public override TimeSpan Measure(Action work)
    {
        ArgumentNullException.ThrowIfNull(work);
        Enter();
        nint start = 0, end = 0;
        try
        {
            Check(cuEventCreate(&start, 0), "cuEventCreate");
            Check(cuEventCreate(&end, 0), "cuEventCreate");
            Check(cuEventRecord(start, 0), "cuEventRecord");
            work();
            Check(cuEventRecord(end, 0), "cuEventRecord");
            Check(cuEventSynchronize(end), "cuEventSynchronize");
            float milliseconds;
            Check(cuEventElapsedTime(&milliseconds, start, end), "cuEventElapsedTime");
            return TimeSpan.FromTicks((long)(milliseconds * TimeSpan.TicksPerMillisecond));
        }
        finally
        {
            if (start != 0)
            {
                cuEventDestroy(start);
            }

            if (end != 0)
            {
                cuEventDestroy(end);
            }
        }
    }

    protected override DeviceBuffer<T> AllocateBuffer<T>(int length)
    {
        Enter();
        ulong pointer;
        nuint bytes = (nuint)Math.Max(1L, (long)length * sizeof(T));
        Check(cuMemAlloc(&pointer, bytes), $"cuMemAlloc ({bytes} bytes)");
        return new CudaBuffer<T>(this, pointer, length);
    }

    protected override DeviceProgram Compile(string source)
    {
        Enter();
        byte[] ptx = NvrtcCompile(source);
        nint module;
        fixed (byte* p = ptx)
        {
            Check(cuModuleLoadData(&module, p), "cuModuleLoadData");
        }

        _modules.Add(module);
        return new CudaProgram(this, module);
    }

    protected override void Release()
    {
        Enter();
        foreach (nint module in _modules)
        {
            cuModuleUnload(module);
        }

        cuDevicePrimaryCtxRelease(_device);
        _released = true;
    }

    private byte[] NvrtcCompile(string source)
    {
        byte[] text = Encoding.UTF8.GetBytes(source + "\0");
        byte[] name = "sparsegen.cu\0"u8.ToArray();
        byte[] option = Encoding.ASCII.GetBytes($"--gpu-architecture={_architecture}\0");
        nint program;
        fixed (byte* t = text, n = name, o = option)
        {
            NvrtcNative.Check(NvrtcNative.nvrtcCreateProgram(&program, t, n, 0, null, null), "nvrtcCreateProgram");
            try
            {
                byte* options = o;
                int status = NvrtcNative.nvrtcCompileProgram(program, 1, &options);
                if (status != NvrtcNative.Success)
                {
                    throw new DeviceException($"The CUDA program did not build for {DeviceName} ({_architecture}): NVRTC error {status}. Build log:", Log(program));
                }

                nuint size;
                NvrtcNative.Check(NvrtcNative.nvrtcGetPTXSize(program, &size), "nvrtcGetPTXSize");
                var ptx = new byte[(int)size];
                fixed (byte* p = ptx)
                {
                    NvrtcNative.Check(NvrtcNative.nvrtcGetPTX(program, p), "nvrtcGetPTX");
                }

                return ptx;
            }
            finally
            {
                NvrtcNative.nvrtcDestroyProgram(&program);
            }
        }
    }

    private static string Log(nint program)
    {
        nuint size;
        if (NvrtcNative.nvrtcGetProgramLogSize(program, &size) != NvrtcNative.Success || size <= 1)
        {
            return "(no log)";
        }

        var log = new byte[(int)size];
        fixed (byte* p = log)
        {
            NvrtcNative.nvrtcGetProgramLog(program, p);
        }

        return Encoding.UTF8.GetString(log).TrimEnd('\0', '\n');
    }
}

/// <summary>Device memory from <c>cuMemAlloc</c>; copies run on the default stream, in order with launches.</summary>
internal sealed unsafe class CudaBuffer<T>(CudaAccelerator accelerator, ulong pointer, int length) : DeviceBuffer<T>(length)
    where T : unmanaged
{
    protected internal override long Handle => (long)pointer;

    protected override void Write(ReadOnlySpan<T> source)
    {
        accelerator.Enter();
        fixed (T* p = source)
        {
            Check(cuMemcpyHtoD(pointer, p, (nuint)(source.Length * sizeof(T))), "cuMemcpyHtoD");
        }
    }

    protected override void Read(Span<T> destination)
    {
        accelerator.Enter();
        fixed (T* p = destination)
        {
            Check(cuMemcpyDtoH(p, pointer, (nuint)(destination.Length * sizeof(T))), "cuMemcpyDtoH");
        }
    }

    protected override void CopyOnDevice(DeviceBuffer<T> source)
    {
        accelerator.Enter();
        Check(cuMemcpyDtoD(pointer, (ulong)source.Handle, (nuint)(Length * sizeof(T))), "cuMemcpyDtoD");
    }

    protected override void Zero()
    {
        accelerator.Enter();
        Check(cuMemsetD8(pointer, 0, (nuint)(Length * sizeof(T))), "cuMemsetD8");
    }

    protected override void Free()
    {
        // Disposal must not throw: if the context is gone, so is the memory.
        if (accelerator.TryEnter())
        {
            cuMemFree(pointer);
        }
    }
}

/// <summary>A loaded CUDA module.</summary>
internal sealed unsafe class CudaProgram(CudaAccelerator accelerator, nint module) : DeviceProgram
{
    protected override DeviceKernel CreateKernel(string name)
    {
        accelerator.Enter();
        byte[] bytes = Encoding.UTF8.GetBytes(name + "\0");
        nint function;
        fixed (byte* p = bytes)
        {
            int status = cuModuleGetFunction(&function, module, p);
            if (status != Success)
            {
                throw new DeviceException($"CUDA cuModuleGetFunction('{name}') failed ({status}); is there an extern \"C\" kernel of that name in the program?");
            }
        }

        return new CudaKernel(accelerator, function, name);
    }
}

/// <summary>A CUDA function launched on a grid of blocks (work-groups) on the default stream.</summary>
internal sealed unsafe class CudaKernel(CudaAccelerator accelerator, nint function, string name) : DeviceKernel(name)
{
    protected override void Enqueue(int globalX, int globalY, int localX, int localY, ReadOnlySpan<KernelArgument> arguments)
    {
        accelerator.Enter();
        long* values = stackalloc long[arguments.Length];
        void** parameters = stackalloc void*[arguments.Length];
        for (int a = 0; a < arguments.Length; a++)
        {
            values[a] = arguments[a].Value;
            parameters[a] = &values[a];
        }

        Check(cuLaunchKernel(function, (uint)(globalX / localX), (uint)(globalY / localY), 1, (uint)localX, (uint)localY, 1, 0, 0, parameters, null),
            $"cuLaunchKernel({Name}, {globalX}x{globalY} in {localX}x{localY})");
    }
}
