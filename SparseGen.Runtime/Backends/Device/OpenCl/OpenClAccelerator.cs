using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text;
using static SparseGen.Backends.Device.OpenCl.OpenClNative;

namespace SparseGen.Backends.Device.OpenCl;

/// <summary>An OpenCL device: one context and one in-order command queue with profiling enabled.</summary>
internal sealed unsafe class OpenClAccelerator : Accelerator
{
    private readonly nint _context;
    private readonly nint _device;
    private readonly nint _queue;
    private readonly List<OpenClProgram> _built = [];

    private OpenClAccelerator(nint device, string name)
        : base(AcceleratorKind.OpenCL, name)
    {
        _device = device;
        int error;
        _context = clCreateContext(null, 1, &device, 0, 0, &error);
        Check(error, "clCreateContext");
        _queue = clCreateCommandQueue(_context, device, QueueProfilingEnable, &error);
        Check(error, "clCreateCommandQueue");
    }

    internal nint Queue => _queue;

    public static OpenClAccelerator Open()
    {
        try
        {
            (nint device, string name) = FindDevice();
            return new OpenClAccelerator(device, name);
        }
        catch (DllNotFoundException e)
        {
            throw new AcceleratorUnavailableException(AcceleratorKind.OpenCL,
                $"the OpenCL ICD loader is not installed (tried {NativeLibraries.Candidates(NativeLibraries.OpenCL)}); on Debian: apt-get install ocl-icd-libopencl1 pocl-opencl-icd.", e);
        }
        catch (EntryPointNotFoundException e)
        {
            throw new AcceleratorUnavailableException(AcceleratorKind.OpenCL, $"the OpenCL library lacks an OpenCL 1.2 function: {e.Message}", e);
        }
    }

    public override void Synchronize() => Check(clFinish(_queue), "clFinish");

    public override TimeSpan Measure(Action work)
    {
        ArgumentNullException.ThrowIfNull(work);
        nint start = 0, end = 0;
        try
        {
            Check(clEnqueueMarkerWithWaitList(_queue, 0, null, &start), "clEnqueueMarkerWithWaitList");
            work();
            Check(clEnqueueMarkerWithWaitList(_queue, 0, null, &end), "clEnqueueMarkerWithWaitList");
            Check(clWaitForEvents(1, &end), "clWaitForEvents");
            ulong from, to;
            Check(clGetEventProfilingInfo(start, ProfilingCommandEnd, sizeof(ulong), &from, null), "clGetEventProfilingInfo");
            Check(clGetEventProfilingInfo(end, ProfilingCommandEnd, sizeof(ulong), &to, null), "clGetEventProfilingInfo");
            return TimeSpan.FromTicks((long)(to - from) / 100);
        }
        finally
        {
            if (start != 0)
            {
                clReleaseEvent(start);
            }

            if (end != 0)
            {
                clReleaseEvent(end);
            }
        }
    }

    protected override DeviceBuffer<T> AllocateBuffer<T>(int length)
    {
        nuint bytes = (nuint)Math.Max(1L, (long)length * sizeof(T));
        int error;
        nint buffer = clCreateBuffer(_context, MemReadWrite, bytes, null, &error);
        Check(error, $"clCreateBuffer ({bytes} bytes)");
        return new OpenClBuffer<T>(this, buffer, length);
    }

    protected override DeviceProgram Compile(string source)
    {
        byte[] text = Encoding.UTF8.GetBytes(source);
        int error;
        nint program;
        fixed (byte* p = text)
        {
            byte* sources = p;
            nuint length = (nuint)text.Length;
            program = clCreateProgramWithSource(_context, 1, &sources, &length, &error);
        }

        Check(error, "clCreateProgramWithSource");
        nint device = _device;
        int status = clBuildProgram(program, 1, &device, null, 0, 0);
        if (status != Success)
        {
            string log = BuildLog(program);
            clReleaseProgram(program);
            throw new DeviceException($"The OpenCL program did not build on {DeviceName}: {ErrorName(status)} ({status}). Build log:", log);
        }

        var built = new OpenClProgram(this, program);
        _built.Add(built);
        return built;
    }

    protected override void Release()
    {
        foreach (OpenClProgram program in _built)
        {
            program.Release();
        }

        clReleaseCommandQueue(_queue);
        clReleaseContext(_context);
    }

    private string BuildLog(nint program)
    {
        nuint size;
        if (clGetProgramBuildInfo(program, _device, ProgramBuildLog, 0, null, &size) != Success || size == 0)
        {
            return "(no log)";
        }

        var log = new byte[(int)size];
        fixed (byte* p = log)
        {
            clGetProgramBuildInfo(program, _device, ProgramBuildLog, size, p, null);
        }

        return Encoding.UTF8.GetString(log).TrimEnd('\0', '\n');
    }

    private static (nint Device, string Name) FindDevice()
    {
        uint count;
        int status = clGetPlatformIDs(0, null, &count);
        if (status == PlatformNotFound || (status == Success && count == 0))
        {
            throw new AcceleratorUnavailableException(AcceleratorKind.OpenCL,
                "the OpenCL loader found no platform (no ICD file in /etc/OpenCL/vendors); install a driver, for example PoCL: apt-get install pocl-opencl-icd.");
        }

        Check(status, "clGetPlatformIDs");
        var platforms = new nint[count];
        fixed (nint* p = platforms)
        {
            Check(clGetPlatformIDs(count, p, null), "clGetPlatformIDs");
        }

        foreach (ulong type in new[] { DeviceTypeGpu, DeviceTypeAll })
        {
            foreach (nint platform in platforms)
            {
                nint device;
                uint found;
                if (clGetDeviceIDs(platform, type, 1, &device, &found) == Success && found > 0)
                {
                    return (device, $"{Text(platform, PlatformNameInfo, &clGetPlatformInfo)} / {Text(device, DeviceNameInfo, &clGetDeviceInfo)}");
                }
            }
        }

        throw new AcceleratorUnavailableException(AcceleratorKind.OpenCL, $"none of the {count} OpenCL platforms has a device.");
    }

    private static string Text(nint handle, uint name, delegate*<nint, uint, nuint, void*, nuint*, int> query)
    {
        nuint size;
        Check(query(handle, name, 0, null, &size), "clGet*Info");
        var bytes = new byte[(int)size];
        fixed (byte* p = bytes)
        {
            Check(query(handle, name, size, p, null), "clGet*Info");
        }

        return Encoding.UTF8.GetString(bytes).TrimEnd('\0').Trim();
    }
}

/// <summary>A <c>cl_mem</c> buffer; copies go through the accelerator's queue.</summary>
internal sealed unsafe class OpenClBuffer<T>(OpenClAccelerator accelerator, nint buffer, int length) : DeviceBuffer<T>(length)
    where T : unmanaged
{
    protected internal override long Handle => buffer;

    protected override void Write(ReadOnlySpan<T> source)
    {
        fixed (T* p = source)
        {
            Check(clEnqueueWriteBuffer(accelerator.Queue, buffer, 1, 0, (nuint)(source.Length * sizeof(T)), p, 0, null, null), "clEnqueueWriteBuffer");
        }
    }

    protected override void Read(Span<T> destination)
    {
        fixed (T* p = destination)
        {
            Check(clEnqueueReadBuffer(accelerator.Queue, buffer, 1, 0, (nuint)(destination.Length * sizeof(T)), p, 0, null, null), "clEnqueueReadBuffer");
        }
    }

    protected override void CopyOnDevice(DeviceBuffer<T> source) =>
        Check(clEnqueueCopyBuffer(accelerator.Queue, (nint)source.Handle, buffer, 0, 0, (nuint)(Length * sizeof(T)), 0, null, null), "clEnqueueCopyBuffer");

    protected override void Zero()
    {
        byte zero = 0;
        Check(clEnqueueFillBuffer(accelerator.Queue, buffer, &zero, 1, 0, (nuint)(Length * sizeof(T)), 0, null, null), "clEnqueueFillBuffer");
    }

    protected override void Free() => clReleaseMemObject(buffer);
}

/// <summary>A built <c>cl_program</c> and the kernels created from it.</summary>
internal sealed unsafe class OpenClProgram(OpenClAccelerator accelerator, nint program) : DeviceProgram
{
    private readonly List<nint> _kernels = [];

    public void Release()
    {
        foreach (nint kernel in _kernels)
        {
            clReleaseKernel(kernel);
        }

        clReleaseProgram(program);
    }

    protected override DeviceKernel CreateKernel(string name)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(name + "\0");
        int error;
        nint kernel;
        fixed (byte* p = bytes)
        {
            kernel = clCreateKernel(program, p, &error);
        }

        if (error != Success)
        {
            throw new DeviceException($"OpenCL clCreateKernel('{name}') failed with {ErrorName(error)} ({error}); is there a kernel of that name in the program?");
        }

        _kernels.Add(kernel);
        return new OpenClKernel(accelerator, kernel, name);
    }
}

/// <summary>A <c>cl_kernel</c>: arguments are set, then the range is queued.</summary>
internal sealed unsafe class OpenClKernel(OpenClAccelerator accelerator, nint kernel, string name) : DeviceKernel(name)
{
    protected override void Enqueue(int globalX, int globalY, int localX, int localY, ReadOnlySpan<KernelArgument> arguments)
    {
        for (int a = 0; a < arguments.Length; a++)
        {
            KernelArgument argument = arguments[a];
            long value = argument.Value;
            int status = argument.Kind == KernelArgumentKind.Buffer
                ? clSetKernelArg(kernel, (uint)a, (nuint)sizeof(nint), &value)
                : clSetKernelArg(kernel, (uint)a, sizeof(int), &value);
            Check(status, $"clSetKernelArg({Name}, {a})");
        }

        nuint* global = stackalloc nuint[] { (nuint)globalX, (nuint)globalY };
        nuint* local = stackalloc nuint[] { (nuint)localX, (nuint)localY };
        Check(clEnqueueNDRangeKernel(accelerator.Queue, kernel, 2, null, global, local, 0, null, null), $"clEnqueueNDRangeKernel({Name}, {globalX}x{globalY} in {localX}x{localY})");
    }
}
