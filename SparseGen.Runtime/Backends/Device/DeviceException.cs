using System;

namespace SparseGen.Backends.Device;

/// <summary>An accelerator call failed, or a program did not build; the message names the call and the error, and for a build the device compiler's log.</summary>
public sealed class DeviceException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DeviceException(string message, string? buildLog = null)
        : base(buildLog is null ? message : message + Environment.NewLine + buildLog)
    {
        BuildLog = buildLog;
    }

    /// <summary>The device compiler's log when a program failed to build, otherwise null.</summary>
    public string? BuildLog { get; }
}
