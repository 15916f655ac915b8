using System.Runtime.InteropServices;

namespace SparseGen.Backends.Device.OpenCl;

/// <summary>The OpenCL 1.2 C API calls SparseGen uses (Khronos, "The OpenCL Specification", version 1.2), bound from the ICD loader.</summary>
internal static unsafe partial class OpenClNative
{
    public const int Success = 0;
    public const int BuildProgramFailure = -11;
    public const int PlatformNotFound = -1001;
    public const ulong DeviceTypeGpu = 1 << 2;
    public const ulong DeviceTypeAll = 0xFFFFFFFF;
    public const uint PlatformNameInfo = 0x0902;
    public const uint DeviceNameInfo = 0x102B;
    public const ulong QueueProfilingEnable = 1 << 1;
    public const ulong MemReadWrite = 1 << 0;
    public const uint ProgramBuildLog = 0x1183;
    public const uint ProfilingCommandEnd = 0x1283;

    [LibraryImport(NativeLibraries.OpenCL)]
    public static partial int clGetPlatformIDs(uint numEntries, nint* platforms, uint* numPlatforms);

    [LibraryImport(NativeLibraries.OpenCL)]
    public static partial int clGetPlatformInfo(nint platform, uint name, nuint size, void* value, nuint* sizeReturned);

    [LibraryImport(NativeLibraries.OpenCL)]
    public static partial int clGetDeviceIDs(nint platform, ulong type, uint numEntries, nint* devices, uint* numDevices);

    [LibraryImport(NativeLibraries.OpenCL)]
    public static partial int clGetDeviceInfo(nint device, uint name, nuint size, void* value, nuint* sizeReturned);

    [LibraryImport(NativeLibraries.OpenCL)]
    public static partial nint clCreateContext(nint* properties, uint numDevices, nint* devices, nint notify, nint userData, int* error);

    [LibraryImport(NativeLibraries.OpenCL)]
    public static partial nint clCreateCommandQueue(nint context, nint device, ulong properties, int* error);

    [LibraryImport(NativeLibraries.OpenCL)]
    public static partial nint clCreateBuffer(nint context, ulong flags, nuint size, void* host, int* error);

    [LibraryImport(NativeLibraries.OpenCL)]
    public static partial int clEnqueueWriteBuffer(nint queue, nint buffer, uint blocking, nuint offset, nuint size, void* source, uint waitCount, nint* waitList, nint* evt);

    [LibraryImport(NativeLibraries.OpenCL)]
    public static partial int clEnqueueReadBuffer(nint queue, nint buffer, uint blocking, nuint offset, nuint size, void* destination, uint waitCount, nint* waitList, nint* evt);

    [LibraryImport(NativeLibraries.OpenCL)]
    public static partial int clEnqueueCopyBuffer(nint queue, nint source, nint destination, nuint sourceOffset, nuint destinationOffset, nuint size, uint waitCount, nint* waitList, nint* evt);

    [LibraryImport(NativeLibraries.OpenCL)]
    public static partial int clEnqueueFillBuffer(nint queue, nint buffer, void* pattern, nuint patternSize, nuint offset, nuint size, uint waitCount, nint* waitList, nint* evt);

    [LibraryImport(NativeLibraries.OpenCL)]
    public static partial nint clCreateProgramWithSource(nint context, uint count, byte** sources, nuint* lengths, int* error);

    [LibraryImport(NativeLibraries.OpenCL)]
    public static partial int clBuildProgram(nint program, uint numDevices, nint* devices, byte* options, nint notify, nint userData);

    [LibraryImport(NativeLibraries.OpenCL)]
    public static partial int clGetProgramBuildInfo(nint program, nint device, uint name, nuint size, void* value, nuint* sizeReturned);

    [LibraryImport(NativeLibraries.OpenCL)]
    public static partial nint clCreateKernel(nint program, byte* name, int* error);

    [LibraryImport(NativeLibraries.OpenCL)]
    public static partial int clSetKernelArg(nint kernel, uint index, nuint size, void* value);

    [LibraryImport(NativeLibraries.OpenCL)]
    public static partial int clEnqueueNDRangeKernel(nint queue, nint kernel, uint dimensions, nuint* offset, nuint* global, nuint* local, uint waitCount, nint* waitList, nint* evt);

    [LibraryImport(NativeLibraries.OpenCL)]
    public static partial int clEnqueueMarkerWithWaitList(nint queue, uint waitCount, nint* waitList, nint* evt);

    [LibraryImport(NativeLibraries.OpenCL)]
    public static partial int clWaitForEvents(uint count, nint* events);

    [LibraryImport(NativeLibraries.OpenCL)]
    public static partial int clGetEventProfilingInfo(nint evt, uint name, nuint size, void* value, nuint* sizeReturned);

    [LibraryImport(NativeLibraries.OpenCL)]
    public static partial int clFinish(nint queue);

    [LibraryImport(NativeLibraries.OpenCL)]
    public static partial int clReleaseEvent(nint evt);

    [LibraryImport(NativeLibraries.OpenCL)]
    public static partial int clReleaseMemObject(nint buffer);

    [LibraryImport(NativeLibraries.OpenCL)]
    public static partial int clReleaseKernel(nint kernel);

    [LibraryImport(NativeLibraries.OpenCL)]
    public static partial int clReleaseProgram(nint program);

    [LibraryImport(NativeLibraries.OpenCL)]
    public static partial int clReleaseCommandQueue(nint queue);

    [LibraryImport(NativeLibraries.OpenCL)]
    public static partial int clReleaseContext(nint context);

    /// <summary>Throws <see cref="DeviceException"/> naming <paramref name="call"/> when <paramref name="status"/> is not CL_SUCCESS.</summary>
    public static void Check(int status, string call)
    {
        if (status != Success)
        {
            throw new DeviceException($"OpenCL {call} failed with {ErrorName(status)} ({status}).");
        }
    }

    public static string ErrorName(int status) => status switch
    {
        -1 => "CL_DEVICE_NOT_FOUND",
        -2 => "CL_DEVICE_NOT_AVAILABLE",
        -4 => "CL_MEM_OBJECT_ALLOCATION_FAILURE",
        -5 => "CL_OUT_OF_RESOURCES",
        -6 => "CL_OUT_OF_HOST_MEMORY",
        -11 => "CL_BUILD_PROGRAM_FAILURE",
        -30 => "CL_INVALID_VALUE",
        -33 => "CL_INVALID_DEVICE",
        -34 => "CL_INVALID_CONTEXT",
        -36 => "CL_INVALID_COMMAND_QUEUE",
        -38 => "CL_INVALID_MEM_OBJECT",
        -44 => "CL_INVALID_PROGRAM",
        -45 => "CL_INVALID_PROGRAM_EXECUTABLE",
        -46 => "CL_INVALID_KERNEL_NAME",
        -48 => "CL_INVALID_KERNEL",
        -49 => "CL_INVALID_ARG_INDEX",
        -50 => "CL_INVALID_ARG_VALUE",
        -51 => "CL_INVALID_ARG_SIZE",
        -52 => "CL_INVALID_KERNEL_ARGS",
        -54 => "CL_INVALID_WORK_GROUP_SIZE",
        -55 => "CL_INVALID_WORK_ITEM_SIZE",
        -61 => "CL_INVALID_BUFFER_SIZE",
        -63 => "CL_INVALID_GLOBAL_WORK_SIZE",
        -1001 => "CL_PLATFORM_NOT_FOUND_KHR",
        _ => "an OpenCL error",
    };
}
